// Date-parts (RFC 5260 section 4.2).
#include "sieve/ext_date.hpp"

#include <cstdio>

#include "core/strings.hpp"
#include "mail/date_time.hpp"

namespace roost::sieve {
namespace {

constexpr std::string_view kParts[] = {"year",  "month",  "day",    "date", "julian",
                                       "hour",  "minute", "second", "time", "iso8601",
                                       "std11", "zone",   "weekday"};

std::string two(int v)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

std::string zone_text(int minutes, bool colon)
{
    const char sign = minutes < 0 ? '-' : '+';
    const int a = minutes < 0 ? -minutes : minutes;
    return std::string(1, sign) + two(a / 60) + (colon ? ":" : "") + two(a % 60);
}

}  // namespace

bool is_date_part(std::string_view part)
{
    for (std::string_view p : kParts) {
        if (iequals(p, part)) {
            return true;
        }
    }
    return false;
}

std::optional<int> parse_zone(std::string_view zone)
{
    if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-')) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < 5; ++i) {
        if (zone[i] < '0' || zone[i] > '9') {
            return std::nullopt;
        }
    }
    const int h = (zone[1] - '0') * 10 + (zone[2] - '0');
    const int m = (zone[3] - '0') * 10 + (zone[4] - '0');
    if (m > 59) {
        return std::nullopt;
    }
    const int total = h * 60 + m;
    return zone[0] == '-' ? -total : total;
}

std::optional<std::string> date_part(std::int64_t unix_time, int zone_minutes,
                                     std::string_view part)
{
    const std::int64_t local = unix_time + static_cast<std::int64_t>(zone_minutes) * 60;
    std::int64_t days = local / 86400;
    std::int64_t secs = local % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    const mail::Date d = mail::civil_from_days(days);
    const int hour = static_cast<int>(secs / 3600);
    const int minute = static_cast<int>(secs / 60 % 60);
    const int second = static_cast<int>(secs % 60);
    char year[16];
    std::snprintf(year, sizeof year, "%04d", d.year);
    const std::string date = std::string(year) + "-" + two(d.month) + "-" + two(d.day);
    const std::string time = two(hour) + ":" + two(minute) + ":" + two(second);
    const std::string p = to_lower(part);
    if (p == "year") {
        return std::string(year);
    }
    if (p == "month") {
        return two(d.month);
    }
    if (p == "day") {
        return two(d.day);
    }
    if (p == "date") {
        return date;
    }
    if (p == "julian") {
        return std::to_string(days + 40587);  // Modified Julian Day
    }
    if (p == "hour") {
        return two(hour);
    }
    if (p == "minute") {
        return two(minute);
    }
    if (p == "second") {
        return two(second);
    }
    if (p == "time") {
        return time;
    }
    if (p == "iso8601") {
        return date + "T" + time + zone_text(zone_minutes, true);
    }
    if (p == "zone") {
        return zone_text(zone_minutes, false);
    }
    if (p == "weekday") {
        const std::int64_t w = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
        return std::to_string(w);
    }
    if (p == "std11") {
        static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        const std::int64_t w = ((days % 7) + 11) % 7;
        return std::string(kDays[w]) + ", " + two(d.day) + " " + kMonths[d.month - 1] + " " + year +
               " " + time + " " + zone_text(zone_minutes, false);
    }
    return std::nullopt;
}

}  // namespace roost::sieve
