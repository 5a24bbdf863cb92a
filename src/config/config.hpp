// Config: a loaded, validated configuration and the one way programs read it. Values are looked
// up for a context (protocol, local and remote address, TLS server name) so filters apply, and
// fall back to the global value and then the default.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config_tree.hpp"
#include "config/file_source.hpp"
#include "config/location.hpp"
#include "config/setting_def.hpp"
#include "core/result.hpp"

namespace roost::config {

// The circumstances a value is wanted for; empty fields match no filter of that kind.
struct FilterContext {
    std::string protocol;    // imap, pop3, lmtp, lda, sieve, submission, doveadm
    std::string local_ip;
    std::string remote_ip;
    std::string local_name;  // TLS SNI
};

struct LoadOptions {
    // -o key=value overrides, applied after the files (section keys as "plugin/sieve").
    std::vector<std::pair<std::string, std::string>> overrides;
};

class Config;

struct LoadResult {
    std::unique_ptr<Config> config;          // null when there were errors
    std::vector<Diagnostic> diagnostics;     // errors, warnings, notices in file order
    Section tree;                            // what was read, even when it had errors

    bool ok() const { return config != nullptr; }
};

// Reads, validates and prepares the configuration at `path`.
LoadResult load_config(const std::string& path, FileSource& files, const LoadOptions& options = {});
LoadResult load_config(const std::string& path, const LoadOptions& options = {});

class Config {
public:
    // The tree as written (after validation rewrote Dovecot 2.4 names), without defaults.
    const Section& root() const { return root_; }
    const std::vector<std::string>& files() const { return files_; }
    const std::string& path() const { return path_; }

    // The setting that decides `key` for `ctx`, or nullptr when the default applies.
    const Setting* find(std::string_view key, const FilterContext& ctx = {}) const;
    // The effective value of a global setting ("<path" for file values; see content()).
    std::string get(std::string_view key, const FilterContext& ctx = {}) const;
    bool get_bool(std::string_view key, const FilterContext& ctx = {}) const;
    std::uint64_t get_uint(std::string_view key, const FilterContext& ctx = {}) const;
    std::uint64_t get_size(std::string_view key, const FilterContext& ctx = {}) const;
    std::chrono::milliseconds get_time(std::string_view key, const FilterContext& ctx = {}) const;
    std::vector<std::string> get_list(std::string_view key, const FilterContext& ctx = {}) const;
    // The value with "<path" replaced by the file's content; errors name file:line.
    Result<std::string> content(std::string_view key, const FilterContext& ctx = {}) const;

    // A plugin { } key for `ctx` (filters' plugin blocks first), or "" when unset.
    std::string plugin(std::string_view key, const FilterContext& ctx = {}) const;

    // Top-level sections of a type, in file order (passdb, userdb, namespace).
    std::vector<const Section*> sections(std::string_view type) const;
    // Every service Roost runs, the defaults overlaid with the config's service blocks.
    const std::vector<Section>& services() const { return services_; }
    const Section* service(std::string_view name) const;
    // A key of a section with the section type's default when unset.
    static std::string section_value(const Section& section, std::string_view key);

    // Dovecot 2.4's mail_driver/mail_path/... joined into a mail_location, else mail_location.
    std::string mail_location(const FilterContext& ctx = {}) const;

private:
    friend LoadResult load_config(const std::string&, FileSource&, const LoadOptions&);

    std::string path_;
    Section root_;
    std::vector<Section> services_;
    std::vector<std::string> files_;
};

// The default of a global setting; nullptr when no such setting exists.
const SettingDef* global_setting(std::string_view key);

}  // namespace roost::config
