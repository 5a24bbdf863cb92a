// ScriptStore: a user's Sieve scripts where roost-lda reads them (Pigeonhole's layout): NAME.sieve
// files in the script directory and the active script as a symlink at the active path
// (~/.dovecot.sieve -> sieve/NAME.sieve). Writes are atomic (a temporary file renamed over the
// old one; a new symlink renamed over the old link), quotas are Pigeonhole's sieve_quota_*.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/result.hpp"

namespace roost::managesieve {

// What a script operation can fail with; ManageSieve maps each to its response code.
enum class ScriptError {
    Ok = 0,
    NonExistent,     // (NONEXISTENT)
    Active,          // (ACTIVE): the active script cannot be deleted
    AlreadyExists,   // (ALREADYEXISTS): RENAMESCRIPT onto an existing name
    BadName,         // not a valid script name
    QuotaMaxScripts, // (QUOTA/MAXSCRIPTS)
    QuotaMaxSize,    // (QUOTA/MAXSIZE): the script alone is too large
    QuotaStorage,    // (QUOTA): the user's scripts together would be too large
    Io,              // the file system failed
};
const std::error_category& script_category();
inline std::error_code make_error_code(ScriptError e) { return {static_cast<int>(e), script_category()}; }
ScriptError script_error_of(const Error& e);

struct ScriptQuota {
    std::uint64_t max_scripts = 0;      // sieve_quota_max_scripts; 0 = none
    std::uint64_t max_storage = 0;      // sieve_quota_max_storage; 0 = none
    std::uint64_t max_script_size = 1 << 20;  // sieve_max_script_size
};

struct ScriptEntry {
    std::string name;
    bool active = false;
};

class ScriptStore {
public:
    ScriptStore(std::string dir, std::string active_link, ScriptQuota quota)
        : dir_(std::move(dir)), link_(std::move(active_link)), quota_(quota)
    {
    }

    // RFC 5804 section 1.6, plus no '/' and no leading '.' (those are files, not names).
    static bool valid_name(std::string_view name);

    Result<std::vector<ScriptEntry>> list() const;
    Result<std::string> get(std::string_view name) const;
    // HAVESPACE: whether `name` with `size` bytes would fit the quotas.
    Result<void> check_space(std::string_view name, std::uint64_t size) const;
    Result<void> put(std::string_view name, std::string_view text);
    // "" deactivates.
    Result<void> set_active(std::string_view name);
    Result<void> remove(std::string_view name);
    Result<void> rename(std::string_view from, std::string_view to);
    std::optional<std::string> active_name() const;

    const std::string& dir() const { return dir_; }

private:
    std::string path_of(std::string_view name) const { return dir_ + "/" + std::string(name) + ".sieve"; }
    Result<void> ensure_dir() const;

    std::string dir_;
    std::string link_;
    ScriptQuota quota_;
};

}  // namespace roost::managesieve

template <>
struct std::is_error_code_enum<roost::managesieve::ScriptError> : std::true_type {
};
