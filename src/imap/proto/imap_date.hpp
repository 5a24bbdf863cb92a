// IMAP date-time (RFC 3501 / 9051 "date-time"): "17-Jul-1996 02:44:25 -0700", as APPEND takes
// it and INTERNALDATE sends it. Search dates ("1-Feb-1994") are mail::parse_imap_date.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mail/date_time.hpp"

namespace roost::imap::proto {

// Parses the text between the quotes. The day may be "7", " 7" or "07"; the zone is required.
// nullopt for anything else or an impossible date or time.
std::optional<mail::DateTime> parse_date_time(std::string_view text);

// The quoted date-time of a moment in the zone `zone_minutes` east of UTC, with the quotes:
// "\"02-Jan-2024 10:00:00 +0100\"".
std::string format_date_time(std::int64_t unix_time, int zone_minutes);

}  // namespace roost::imap::proto
