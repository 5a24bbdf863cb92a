// Copying messages between two storages (import, convert): each message appended to the other
// mailbox with its flags, its keywords by name (the two mailboxes number keywords differently)
// and its internal date. Mailbox::copy() cannot do it: it needs both sides in one backend.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/storage.hpp"

namespace roost::tools::roostadm {

// Appends the messages `uids` of `from` (those still in its view) to `to`; returns how many.
// With `keep_uids` each copy gets its source UID (and a new `to` the source's UIDVALIDITY);
// NotPossible when `to` cannot give it (it already has higher UIDs).
Result<std::size_t> append_copies(storage::Mailbox& from, const std::vector<std::uint32_t>& uids, storage::Mailbox& to,
                                  bool keep_uids = false);

// Creates `name` in `storage` unless it exists; true when this call created it.
Result<bool> ensure_mailbox(storage::Storage& storage, std::string_view name);

}  // namespace roost::tools::roostadm
