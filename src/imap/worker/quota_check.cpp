// Quota checks of the commands that save mail (APPEND, COPY; MOVE within the user's one quota
// root changes no usage and is not checked, as in Dovecot).
#include "imap/worker/quota_check.hpp"

#include "core/log.hpp"
#include "imap/worker/session.hpp"

namespace roost::imap {

bool fits_quota(const storage::Quota& quota, const storage::QuotaUsage& usage, std::string_view mailbox,
                std::uint64_t messages, std::uint64_t bytes)
{
    if (!quota.counts(mailbox)) {
        return true;
    }
    const storage::Quota::Limit limit = quota.limit_for(mailbox);
    if (limit.messages && usage.messages + messages > *limit.messages) {
        return false;
    }
    return !limit.bytes || usage.bytes + bytes <= *limit.bytes;
}

std::optional<Reply> Session::quota_refusal(const std::string& mailbox, std::uint64_t messages,
                                            std::uint64_t bytes, std::uint64_t largest)
{
    using Kind = proto::ResponseCode::Kind;
    if (!settings_.quota || !settings_.quota->enabled()) {
        return std::nullopt;
    }
    const storage::Quota& quota = *settings_.quota;
    if (quota.max_mail_size() != 0 && largest > quota.max_mail_size()) {
        return Reply::no("Mail size is larger than the maximum size allowed by server configuration",
                         proto::ResponseCode::simple(Kind::Limit));
    }
    if (!quota.counts(mailbox)) {
        return std::nullopt;  // no need to count anything
    }
    // The count backend: the mail is the truth, counted afresh for each save.
    auto usage = storage::quota_usage(storage_, quota);
    if (!usage) {
        return failure(usage.error(), client_name(mailbox));
    }
    if (fits_quota(quota, *usage, mailbox, messages, bytes)) {
        return std::nullopt;
    }
    log::info("quota exceeded saving ", messages, " message(s) of ", bytes, " bytes into ", mailbox);
    return Reply::no(settings_.quota_exceeded_message, proto::ResponseCode::simple(Kind::OverQuota));
}

}  // namespace roost::imap
