// IMAP date-time parsing and formatting.
#include "imap/proto/imap_date.hpp"

#include <array>
#include <cstdio>

#include "core/strings.hpp"

namespace roost::imap::proto {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool digits(std::string_view s, int& out)
{
    if (s.empty()) {
        return false;
    }
    out = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
        out = out * 10 + (c - '0');
    }
    return true;
}

int days_in_month(int year, int month)
{
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::optional<mail::DateTime> parse_date_time(std::string_view text)
{
    // date-day-fixed "-" date-month "-" date-year SP time SP zone
    if (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    const std::size_t dash1 = text.find('-');
    if (dash1 == std::string_view::npos || dash1 == 0 || dash1 > 2) {
        return std::nullopt;
    }
    mail::DateTime dt;
    if (!digits(text.substr(0, dash1), dt.day)) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(dash1 + 1);
    // "Jul-1996 02:44:25 -0700" is exactly 23 characters
    if (rest.size() != 23 || rest[3] != '-' || rest[8] != ' ' || rest[11] != ':' ||
        rest[14] != ':' || rest[17] != ' ' || (rest[18] != '+' && rest[18] != '-')) {
        return std::nullopt;
    }
    dt.month = 0;
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        if (iequals(rest.substr(0, 3), kMonths[m])) {
            dt.month = static_cast<int>(m) + 1;
        }
    }
    int zone = 0;
    if (dt.month == 0 || !digits(rest.substr(4, 4), dt.year) ||
        !digits(rest.substr(9, 2), dt.hour) || !digits(rest.substr(12, 2), dt.minute) ||
        !digits(rest.substr(15, 2), dt.second) || !digits(rest.substr(19, 4), zone)) {
        return std::nullopt;
    }
    if (dt.day < 1 || dt.day > days_in_month(dt.year, dt.month) || dt.hour > 23 ||
        dt.minute > 59 || dt.second > 60 || zone % 100 > 59) {
        return std::nullopt;
    }
    dt.zone_minutes = (zone / 100 * 60 + zone % 100) * (rest[18] == '-' ? -1 : 1);
    dt.zone_known = true;
    return dt;
}

std::string format_date_time(std::int64_t unix_time, int zone_minutes)
{
    const std::int64_t local = unix_time + static_cast<std::int64_t>(zone_minutes) * 60;
    std::int64_t days = local / 86400;
    std::int64_t secs = local % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    const mail::Date date = mail::civil_from_days(days);
    const int zone = zone_minutes < 0 ? -zone_minutes : zone_minutes;
    char buf[64];
    std::snprintf(buf, sizeof(buf), "\"%02d-%s-%04d %02d:%02d:%02d %c%02d%02d\"", date.day,
                  kMonths[static_cast<std::size_t>(date.month - 1)].data(), date.year,
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60), zone_minutes < 0 ? '-' : '+', zone / 60,
                  zone % 60);
    return buf;
}

}  // namespace roost::imap::proto
