// LdaEnvironment: what the Sieve engine asks the LDA (sieve/environment.hpp): whether the
// user's mailboxes exist, duplicate and vacation history (a TrackingStore in the home
// directory), included scripts (sieve_host::ScriptDirs), the environment
// items of RFC 5183, and the clocks.
#pragma once

#include <map>
#include <string>

#include "lda/tracking_store.hpp"
#include "sieve_host/script_dirs.hpp"
#include "storage/storage.hpp"

namespace roost::lda {

class LdaEnvironment : public sieve_host::ScriptDirs {
public:
    LdaEnvironment(storage::Storage& storage, TrackingStore& tracking, std::string personal_dir,
                   std::string global_dir, std::map<std::string, std::string> items)
        : ScriptDirs(std::move(personal_dir), std::move(global_dir)),
          storage_(storage),
          tracking_(tracking),
          items_(std::move(items))
    {
    }

    bool mailbox_exists(std::string_view mailbox) override;
    bool duplicate_seen(std::string_view key, std::int64_t period) override;
    bool vacation_responded(std::string_view key) override;
    std::optional<std::string> environment_item(std::string_view name) override;
    sieve::Now now() override;
    std::int64_t cpu_time_ms() override;

private:
    storage::Storage& storage_;
    TrackingStore& tracking_;
    std::map<std::string, std::string> items_;
};

}  // namespace roost::lda
