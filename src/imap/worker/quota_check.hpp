// Quota on APPEND and COPY, as Dovecot's quota plugin applies it to IMAP: a save that would
// take the user past a limit of the target mailbox's rule is refused whole, with no grace
// (quota_grace is only for delivery: roost-lda and lmtp let the last mail through).
#pragma once

#include <cstdint>
#include <string_view>

#include "storage/quota.hpp"

namespace roost::imap {

// True when `messages` more messages of `bytes` bytes together fit into `mailbox` (a storage
// name) at `usage`: always for a mailbox the rules ignore (Trash:ignore).
bool fits_quota(const storage::Quota& quota, const storage::QuotaUsage& usage, std::string_view mailbox,
                std::uint64_t messages, std::uint64_t bytes);

}  // namespace roost::imap
