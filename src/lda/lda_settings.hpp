// Everything a delivery reads from roost.conf (protocol lda or lmtp filters applied) and from the
// user's userdb fields, which override plugin settings for that user as in Dovecot.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/proto/fields.hpp"
#include "config/config.hpp"
#include "core/result.hpp"
#include "lda/action_executor.hpp"
#include "sieve_host/script_chain.hpp"
#include "sieve/settings.hpp"
#include "storage/quota.hpp"
#include "worker/mail_user.hpp"

namespace roost::lda {

struct LdaSettings {
    bool sieve_enabled = false;  // mail_plugins has sieve
    DeliverySettings delivery;
    sieve_host::ScriptSettings scripts;
    sieve::Settings sieve;
    std::map<std::string, std::string> environment_items;  // sieve_environment_*, host, domain
    std::string original_recipient_header;                  // lda_original_recipient_header
    std::string deliver_log_format;
    std::string sendmail_path;
    std::string submission_host;
    bool quota_full_tempfail = false;
    std::optional<storage::Quota> quota;  // when mail_plugins has quota and a rule is set
};

// The settings for delivering to `user` (whose address is `recipient`). Errors name the
// setting whose value is wrong.
Result<LdaSettings> read_lda_settings(const config::Config& cfg, const config::FilterContext& ctx,
                                      const worker::MailUser& user, const std::string& recipient);

// "msgid=%m: %$" with %m Message-ID, %s Subject, %f From, %e envelope sender, %p size,
// %$ the status, %% a percent sign.
std::string format_deliver_log(std::string_view format, std::string_view message, std::string_view sender,
                               std::string_view status);

}  // namespace roost::lda
