// Running a roostadm search query over a user's mailboxes: the mailboxes the query names (all
// selectable ones when it names none), and in each the UIDs the IMAP search program matches.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "storage/storage.hpp"
#include "tools/roostadm/mail_query.hpp"

namespace roost::tools::roostadm {

// Called once per mailbox with its matching UIDs (ascending; never empty).
using MatchVisitor = std::function<Result<void>(storage::Mailbox& box, const std::vector<std::uint32_t>& uids)>;

// Opens each mailbox (read-only unless `writable`), searches it and calls `visit`.
Result<void> for_each_match(storage::Storage& storage, const MailQuery& query, bool writable, const MatchVisitor& visit);

}  // namespace roost::tools::roostadm
