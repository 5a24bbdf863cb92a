// The special-use attributes clients gave folders with CREATE (RFC 6154 CREATE-SPECIAL-USE),
// kept per user in a small file beside the subscriptions ("roost-special-use", dot-prefixed
// where the subscriptions file is, so mbox listings skip it): a version line, then one line per
// folder, "NAME<TAB>\Attr \Attr", NAME a storage name (UTF-8, '/' between levels). Keyed by
// name, the IMAP session moves an entry along with RENAME and drops it on DELETE and on a
// CREATE without USE. Pure parse and serialise.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace roost::storage {

// Storage name -> its attributes ("\\Sent", ...), as the file holds them.
using SpecialUseMap = std::map<std::string, std::vector<std::string>>;

// The entries of the file; lines that do not parse (another version, no TAB) are skipped.
SpecialUseMap parse_special_use(std::string_view bytes);

// The file for `entries` (those with no attributes are left out).
std::string serialize_special_use(const SpecialUseMap& entries);

// After RENAME of `from` to `to`: the entries of `from` and of its children, renamed. True
// when something changed.
bool rename_special_use(SpecialUseMap& entries, std::string_view from, std::string_view to);

}  // namespace roost::storage
