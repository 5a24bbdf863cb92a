// Message flags between the storage (a bit set plus keyword bits) and IMAP (a list of names).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/flags.hpp"

namespace roost::imap {

// A message's FLAGS in Dovecot's order (\Answered \Flagged \Deleted \Seen \Draft \Recent),
// then its keywords; \Recent only when `with_recent` (IMAP4rev2 has no \Recent).
std::vector<std::string> flag_names(storage::Flags flags, const std::vector<std::string>& keywords,
                                    bool with_recent);

// The five storable system flags.
std::vector<std::string> system_flag_names();

// A STORE or APPEND flag list (canonical names from the parser) split into system flags and
// keywords.
struct FlagChange {
    storage::Flags flags;
    std::vector<std::string> keywords;
};
FlagChange split_flags(const std::vector<std::string>& names);

// The names of the keyword bits set in `bits`, `keywords` being the mailbox's list.
std::vector<std::string> keyword_names(std::uint64_t bits, const std::vector<std::string>& keywords);

}  // namespace roost::imap
