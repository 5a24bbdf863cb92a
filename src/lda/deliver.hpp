// One delivery to one user, as roost-lda and LMTP both make it: the user's settings, the
// delivery headers, the Sieve script chain (when the sieve plugin is on) or a plain save, quota,
// and what to tell the MTA. The caller already runs as the user.
#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "worker/mail_user.hpp"

namespace roost::auth {
class UserdbClient;
}

namespace roost::lda {

struct DeliveryRequest {
    std::string sender;              // the envelope sender, "" for the null reverse-path
    std::string original_recipient;  // -a / ORCPT; "" unknown
    std::string final_recipient;     // -r / RCPT TO; "" unknown
    std::string mailbox;             // -m: instead of INBOX ("" = INBOX)
    // Over quota: report it (roost-lda -e, LMTP) instead of mailing a rejection.
    bool refuse_over_quota = false;
};

struct DeliveryResult {
    enum class Status { Delivered, TempFail, Refused };
    Status status = Status::TempFail;
    std::string code;  // RFC 3463 enhanced status: "2.0.0", "4.3.0", "4.2.2", "5.2.2"
    std::string text;  // why, for the MTA and the log
};

struct UserLookup {
    enum class Status { Found, NoUser, TempFail };
    Status status = Status::TempFail;
    worker::MailUser user;
    std::string text;  // why it failed, for the log and the MTA
};

// The userdb's answer for `name` through the auth service's auth-userdb socket, checked
// against the config's limits (first_valid_uid ...).
UserLookup lookup_mail_user(const config::Config& cfg, const config::FilterContext& ctx, const std::string& name);
// The same through a connection the caller keeps (LMTP asks once per RCPT); a failed
// connection gives TempFail like any other userdb trouble.
UserLookup lookup_mail_user(auth::UserdbClient& client, const config::Config& cfg, const config::FilterContext& ctx,
                            const std::string& name);

// `message` is what the MTA handed over, without an mbox "From " line.
DeliveryResult deliver_message(const config::Config& cfg, const config::FilterContext& ctx,
                               const worker::MailUser& user, const DeliveryRequest& request,
                               std::string_view message);

}  // namespace roost::lda
