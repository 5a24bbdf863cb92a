// LdaEnvironment: what the Sieve engine asks the LDA (sieve/environment.hpp): whether the
// user's mailboxes exist, duplicate and vacation history (a TrackingStore in the home
// directory), included scripts from the personal and global directories, the environment
// items of RFC 5183, and the clocks.
#pragma once

#include <map>
#include <string>

#include "lda/tracking_store.hpp"
#include "sieve/environment.hpp"
#include "storage/storage.hpp"

namespace roost::lda {

class LdaEnvironment : public sieve::Environment {
public:
    LdaEnvironment(storage::Storage& storage, TrackingStore& tracking, std::string personal_dir,
                   std::string global_dir, std::map<std::string, std::string> items)
        : storage_(storage),
          tracking_(tracking),
          personal_dir_(std::move(personal_dir)),
          global_dir_(std::move(global_dir)),
          items_(std::move(items))
    {
    }

    bool mailbox_exists(std::string_view mailbox) override;
    bool duplicate_seen(std::string_view key, std::int64_t period) override;
    bool vacation_responded(std::string_view key) override;
    Result<std::optional<std::string>> load_script(sieve::ScriptLocation location,
                                                   std::string_view name) override;
    std::optional<std::string> environment_item(std::string_view name) override;
    sieve::Now now() override;
    std::int64_t cpu_time_ms() override;

private:
    storage::Storage& storage_;
    TrackingStore& tracking_;
    std::string personal_dir_;
    std::string global_dir_;
    std::map<std::string, std::string> items_;
};

// Reads a whole file: nullopt when it does not exist, an error when it cannot be read.
Result<std::optional<std::string>> read_optional_file(const std::string& path);

}  // namespace roost::lda
