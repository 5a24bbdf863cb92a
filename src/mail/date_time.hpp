// DateTime: dates of Date:/Received: headers (RFC 5322 section 3.3, the obsolete forms of section
// 4.3, and the broken forms real mail carries: asctime, ISO 8601, missing seconds or zone), and
// the IMAP search date "1-Feb-1994" (RFC 3501 date).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roost::mail {

struct DateTime {
    int year = 1970;
    int month = 1;  // 1-12
    int day = 1;    // 1-31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int zone_minutes = 0;     // offset east of UTC
    bool zone_known = false;  // false for -0000, military letters or no zone (RFC 5322 4.3)

    // Seconds since the Unix epoch in UTC (an unknown zone counts as UTC).
    std::int64_t unix_time() const;
    // "Tue, 2 Jan 2024 10:00:00 +0100".
    std::string to_rfc5322() const;
};

// Parses a date header value. nullopt when no date can be made of it.
std::optional<DateTime> parse_date_time(std::string_view value);

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;
    auto operator<=>(const Date&) const = default;
};

// "1-Feb-1994" / "01-feb-1994" (RFC 3501 date-text, without quotes).
std::optional<Date> parse_imap_date(std::string_view text);

// Days since 1970-01-01 of a calendar date (proleptic Gregorian).
std::int64_t days_from_civil(int year, int month, int day);
Date civil_from_days(std::int64_t days);

}  // namespace roost::mail
