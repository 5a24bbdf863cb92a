// Running a roostadm search query over a user's mailboxes: the mailboxes the query names (all
// selectable ones when it names none), and in each the UIDs the IMAP search program matches.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "storage/namespace_names.hpp"
#include "storage/storage.hpp"
#include "tools/roostadm/mail_query.hpp"

namespace roost::tools::roostadm {

// Called once per mailbox with its matching UIDs (ascending; never empty).
using MatchVisitor = std::function<Result<void>(storage::Mailbox& box, const std::vector<std::uint32_t>& uids)>;

// The selectable mailboxes the query's `mailbox` words choose (all of them without any), as
// storage names; the words match names as `shown` shows them.
Result<std::vector<std::string>> chosen_mailboxes(storage::Storage& storage, const storage::NamespaceNames& shown,
                                                  const MailQuery& query);

// Opens each mailbox (read-only unless `writable`), searches it and calls `visit`. The query's
// mailbox patterns match names as `shown` shows them.
Result<void> for_each_match(storage::Storage& storage, const storage::NamespaceNames& shown, const MailQuery& query,
                            bool writable, const MatchVisitor& visit);

}  // namespace roost::tools::roostadm
