#include "imap/worker/quota_resources.hpp"

#include <cstdint>

namespace roost::imap {
namespace {

std::uint64_t kibibytes_rounded_up(std::uint64_t bytes)
{
    return bytes / 1024 + (bytes % 1024 != 0 ? 1 : 0);
}

}  // namespace

std::vector<proto::QuotaData::Resource> quota_resources(const storage::Quota& quota,
                                                        const storage::QuotaUsage& usage)
{
    // The root's limits are those of no particular mailbox: Dovecot asks for mailbox "",
    // so per-mailbox rules (Trash:storage=+100M) do not show here.
    const storage::Quota::Limit limit = quota.limit_for("");
    std::vector<proto::QuotaData::Resource> out;
    if (limit.bytes) {
        out.push_back(
            {"STORAGE", kibibytes_rounded_up(usage.bytes), kibibytes_rounded_up(*limit.bytes)});
    }
    if (limit.messages) {
        out.push_back({"MESSAGE", usage.messages, *limit.messages});
    }
    return out;
}

}  // namespace roost::imap
