// lmtp_rcpt_check_quota: whether a recipient is already over quota, asked at RCPT TO so the MTA
// learns it before sending the message (as Dovecot's LMTP does). Runs in a delivery worker, as
// the user, because it counts the user's mail.
#pragma once

#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "lda/deliver.hpp"
#include "worker/mail_user.hpp"

namespace roost::lmtp {

// Delivered ("2.1.5") when a message of `size` bytes (0: unknown, MAIL gave no SIZE) still fits
// into INBOX or no quota applies; Refused "5.2.2" when over quota (TempFail "4.2.2" with
// quota_full_tempfail), Refused "5.2.3" when larger than quota_max_mail_size; TempFail "4.3.0"
// when the quota cannot be read.
lda::DeliveryResult check_rcpt_quota(const config::Config& cfg, const config::FilterContext& ctx,
                                     const worker::MailUser& user, const std::string& recipient,
                                     std::uint64_t size);

}  // namespace roost::lmtp
