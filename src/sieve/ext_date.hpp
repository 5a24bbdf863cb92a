// date (RFC 5260): date-parts of a moment in a time zone, and zone strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roost::sieve {

bool is_date_part(std::string_view part);
// "+hhmm" / "-hhmm" to minutes east of UTC.
std::optional<int> parse_zone(std::string_view zone);
// The date-part ("year", "date", "iso8601", "weekday", ...) of the moment unix_time seen in
// the zone zone_minutes east of UTC; nullopt for an unknown part.
std::optional<std::string> date_part(std::int64_t unix_time, int zone_minutes,
                                     std::string_view part);

}  // namespace roost::sieve
