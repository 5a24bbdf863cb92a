// The subscriptions file as Dovecot 2.3 writes it: "V\t2\n\n" then one name per line, levels
// separated by TAB and encoded in modified UTF-7. Older files are bare name lists using the
// storage's own separator. Pure parse and serialise.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roost::storage {

// The subscribed names as storage names (UTF-8, '/' between levels), in file order without
// duplicates. `legacy_separator` is the separator of version-1 files ('.' for Maildir++).
std::vector<std::string> parse_subscriptions(std::string_view bytes, char legacy_separator);

// The version 2 file for `names` (storage names).
std::string serialize_subscriptions(const std::vector<std::string>& names);

}  // namespace roost::storage
