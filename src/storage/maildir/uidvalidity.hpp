// UIDVALIDITY for new mailboxes, allocated the way Dovecot does so the two never hand out the
// same value: the root keeps "dovecot-uidvalidity" (8 hex digits) and an empty marker file
// "dovecot-uidvalidity.<hex>" whose rename() from the old value to the new one is the atomic
// claim.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace roost::storage::maildir {

// A value above every one handed out in `dir` so far and at least the current time.
Result<std::uint32_t> next_uidvalidity(const std::string& dir, bool fsync);

}  // namespace roost::storage::maildir
