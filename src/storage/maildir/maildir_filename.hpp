// Maildir file names: "<base>[:2,<flags>]" where the base carries Dovecot's ",S=<size>" and
// ",W=<vsize>" fields and the flags are letters (DFPRST system flags, a-z keywords). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/flags.hpp"

namespace roost::storage::maildir {

// What a file name says about its message.
struct MaildirName {
    std::string_view base;               // everything before ':' (the uidlist key)
    bool has_info = false;               // a ":2," (or other) info part was present
    Flags flags;                         // D F R S T
    std::uint32_t keywords = 0;          // bit i = letter 'a' + i
    std::string other_flags;             // letters we keep but do not interpret ('P' ...)
    std::string_view info_tail;          // after a ',' following the flag letters, kept as is
    std::string_view foreign_info;       // a whole info part that is not ":2," (kept as is)
    std::optional<std::uint64_t> size;   // S= (bytes on disk)
    std::optional<std::uint64_t> vsize;  // W= (size with CRLF line ends)
};

// Parses a file name from new/ or cur/. Never fails: unknown parts are kept, not rejected.
MaildirName parse_maildir_name(std::string_view filename);

// The base of a file name: everything before the first ':'.
std::string_view maildir_base(std::string_view filename);

// The info letters for flags, keywords and other letters, in ASCII order.
std::string maildir_flag_letters(Flags flags, std::uint32_t keywords, std::string_view other);

// The file name for `base` with the given flags: "<base>:2,<letters>[,<tail>]". A name that
// had a foreign info part keeps it only when flags, keywords and letters are all unchanged.
std::string maildir_name_with_flags(const MaildirName& old, Flags flags, std::uint32_t keywords);

// A new unique base: "<secs>.M<usecs>P<pid>Q<n>.<host>,S=<size>[,W=<vsize>]". The host must
// already be escaped (see local_hostname()).
std::string make_maildir_base(std::int64_t secs, long usecs, long pid, std::uint64_t counter,
                              std::string_view host, std::uint64_t size,
                              std::optional<std::uint64_t> vsize);

// A key that sorts file names in delivery order: the leading seconds, then the microseconds
// of an "M<usecs>" field, then the name itself.
struct DeliveryOrder {
    std::uint64_t secs = 0;
    std::uint64_t usecs = 0;
    auto operator<=>(const DeliveryOrder&) const = default;
};
DeliveryOrder delivery_order(std::string_view base);

// RFC822.SIZE of a message: its bytes with every bare LF counted as CRLF.
std::uint64_t virtual_size(std::string_view data);

}  // namespace roost::storage::maildir
