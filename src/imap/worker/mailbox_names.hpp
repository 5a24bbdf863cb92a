// LIST patterns over client-form names (storage/namespace_names.hpp maps the names).
#pragma once

#include <string>
#include <string_view>

namespace roost::imap {

// The LIST pattern with a leading "inbox" level spelt INBOX (INBOX is case-insensitive).
std::string canonical_pattern(std::string_view pattern, char separator);

// RFC 3501 LIST matching of a client-form name: '*' matches anything, '%' anything but the
// separator, every other character itself.
bool list_pattern_matches(std::string_view pattern, std::string_view name, char separator);

}  // namespace roost::imap
