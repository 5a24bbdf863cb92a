// Mailbox names: validation of the UTF-8 names the storage API takes ('/' separates levels),
// and the modified UTF-7 (RFC 3501 5.1.3) that Dovecot uses for folder names on disk.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::storage {

// The hierarchy separator of storage names. Namespaces map it to what clients see.
inline constexpr char kHierarchySeparator = '/';

// Encodes UTF-8 as modified UTF-7. Invalid UTF-8 sequences become U+FFFD.
std::string mutf7_encode(std::string_view utf8);

// Decodes modified UTF-7; nullopt when `text` is not valid modified UTF-7 (a bare '&' run that
// does not end in '-', bad base64, an odd UTF-16 length, unpaired surrogates, or an encoded run
// holding only printable ASCII, which a correct encoder never writes).
std::optional<std::string> mutf7_decode(std::string_view text);

// True for "INBOX" in any case: IMAP makes that one name case-insensitive.
bool is_inbox_name(std::string_view name);

// The name with a case-insensitive INBOX (alone or as the first level) spelt "INBOX".
std::string canonical_mailbox_name(std::string_view name);

// Splits a storage name into its levels. Errors (BadName): an empty name or level, invalid
// UTF-8, control characters, or a level that is "." or "..".
Result<std::vector<std::string>> split_mailbox_name(std::string_view name);

}  // namespace roost::storage
