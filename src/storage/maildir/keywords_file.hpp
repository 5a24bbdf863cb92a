// The dovecot-keywords file: "<index> <keyword>" per line, index 0 being the file-name letter
// 'a'. Pure parse and serialise; at most 26 keywords fit in Maildir file names.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace roost::storage::maildir {

inline constexpr std::size_t kMaxMaildirKeywords = 26;

// The keyword of each index; indexes never named in the file are empty strings. Lines that do
// not parse, indexes past 25 and repeated names are skipped.
std::vector<std::string> parse_keywords_file(std::string_view bytes);

// One line per non-empty entry.
std::string serialize_keywords_file(const std::vector<std::string>& keywords);

// True for an IMAP flag-keyword atom: printable ASCII without specials or '\'.
bool is_valid_keyword(std::string_view keyword);

}  // namespace roost::storage::maildir
