#include "lmtp/rcpt_quota.hpp"

#include "core/log.hpp"
#include "lda/lda_settings.hpp"
#include "storage/quota.hpp"
#include "storage/storage.hpp"
#include "worker/storage_settings.hpp"

namespace roost::lmtp {

lda::DeliveryResult check_rcpt_quota(const config::Config& cfg, const config::FilterContext& ctx,
                                     const worker::MailUser& user, const std::string& recipient,
                                     std::uint64_t size)
{
    const auto failed = [](const std::string& why) {
        log::error("quota check at RCPT: ", why);
        return lda::DeliveryResult{lda::DeliveryResult::Status::TempFail, "4.3.0", why};
    };
    auto settings = lda::read_lda_settings(cfg, ctx, user, recipient);
    if (!settings) {
        return failed(settings.error().message);
    }
    const lda::DeliveryResult fits{lda::DeliveryResult::Status::Delivered, "2.1.5", "OK"};
    if (!settings->quota || !settings->quota->enabled()) {
        return fits;
    }
    if (user.mail_location.empty()) {
        return failed("mail_location is not set and userdb gave no mail=");
    }
    auto store = storage::open_storage(worker::storage_settings(cfg, ctx, user));
    if (!store) {
        return failed(store.error().message);
    }
    auto usage = storage::quota_usage(**store, *settings->quota);
    if (!usage) {
        return failed(usage.error().message);
    }
    switch (settings->quota->check(*usage, "INBOX", size)) {
    case storage::Quota::Verdict::Ok: return fits;
    case storage::Quota::Verdict::TooLarge:
        return {lda::DeliveryResult::Status::Refused, "5.2.3", settings->delivery.quota_exceeded_message};
    case storage::Quota::Verdict::OverQuota: break;
    }
    log::info("over quota at RCPT: ", recipient);
    if (settings->quota_full_tempfail) {
        return {lda::DeliveryResult::Status::TempFail, "4.2.2", settings->delivery.quota_exceeded_message};
    }
    return {lda::DeliveryResult::Status::Refused, "5.2.2", settings->delivery.quota_exceeded_message};
}

}  // namespace roost::lmtp
