// imap4flags (RFC 5232): flag lists as strings of space-separated IMAP flags, and the set
// operations setflag/addflag/removeflag perform on them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roost::sieve {

// Splits strings into flags, drops invalid ones and duplicates (flags compare
// case-insensitively), and spells system flags canonically ("\seen" -> "\Seen").
std::vector<std::string> parse_flags(const std::vector<std::string>& strings);
std::vector<std::string> parse_flags(std::string_view text);

void add_flags(std::vector<std::string>& to, const std::vector<std::string>& flags);
void remove_flags(std::vector<std::string>& from, const std::vector<std::string>& flags);
std::string join_flags(const std::vector<std::string>& flags);

bool is_valid_flag(std::string_view flag);

}  // namespace roost::sieve
