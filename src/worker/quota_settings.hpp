// A user's quota as Dovecot's quota plugin reads it: mail_plugins has quota, the plugin { }
// quota_rule, quota_rule2 ..., quota_grace, quota_max_mail_size and quota settings, each
// overridden by the userdb field of the same name. Shared by delivery (roost-lda, lmtp) and
// the imap worker (RFC 9208 QUOTA).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/result.hpp"
#include "storage/quota.hpp"

namespace roost::worker {

struct QuotaSettings {
    storage::Quota quota;
    // The quota root's name: NAME in `quota = BACKEND:NAME[:ARGS]` ("" for `quota = count`),
    // "User quota" when no quota setting is given (Roost has only the count backend).
    std::string root_name;
    std::string exceeded_message;  // quota_exceeded_message, or Dovecot's default text
};

// Whether mail_plugins (for `ctx`) names `plugin`.
bool has_mail_plugin(const config::Config& cfg, const config::FilterContext& ctx,
                     const std::string& plugin);

// The quota of a user whose plugin values (plugin { } settings with the userdb's overrides,
// sieve_host::plugin_values) are `plugin`; nullopt when mail_plugins lacks quota. Errors name
// the rule or setting that is wrong.
Result<std::optional<QuotaSettings>> read_quota_settings(
    const config::Config& cfg, const config::FilterContext& ctx,
    const std::map<std::string, std::string>& plugin);

}  // namespace roost::worker
