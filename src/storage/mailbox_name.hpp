// Mailbox names: validation of the UTF-8 names the storage API takes ('/' separates levels),
// and the modified UTF-7 (RFC 3501 5.1.3) that Dovecot uses for folder names on disk.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "mail/mutf7.hpp"

namespace roost::storage {

// The hierarchy separator of storage names. Namespaces map it to what clients see.
inline constexpr char kHierarchySeparator = '/';

// Modified UTF-7 (mail/mutf7.hpp), as Maildir++ names are stored.
using mail::mutf7_decode;
using mail::mutf7_encode;

// True for "INBOX" in any case: IMAP makes that one name case-insensitive.
bool is_inbox_name(std::string_view name);

// The name with a case-insensitive INBOX (alone or as the first level) spelt "INBOX".
std::string canonical_mailbox_name(std::string_view name);

// Splits a storage name into its levels. Errors (BadName): an empty name or level, invalid
// UTF-8, control characters, or a level that is "." or "..".
Result<std::vector<std::string>> split_mailbox_name(std::string_view name);

}  // namespace roost::storage
