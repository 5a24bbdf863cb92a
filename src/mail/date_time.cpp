// Lenient date parsing.
#include "mail/date_time.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/strings.hpp"

namespace roost::mail {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int month_of(std::string_view word)
{
    if (word.size() < 3) {
        return 0;
    }
    const std::string w = to_lower(word.substr(0, 3));
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (w == kMonths[i]) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

bool is_weekday(std::string_view word)
{
    if (word.size() < 3) {
        return false;
    }
    const std::string w = to_lower(word.substr(0, 3));
    for (const std::string_view d : kDays) {
        if (w == d) {
            return true;
        }
    }
    return false;
}

bool all_digits(std::string_view s)
{
    if (s.empty()) {
        return false;
    }
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int number(std::string_view s)
{
    int v = 0;
    for (const char c : s) {
        v = v * 10 + (c - '0');
        if (v > 100000) {
            return -1;
        }
    }
    return v;
}

// Words of the value: comments dropped, commas as spaces.
std::vector<std::string_view> words(std::string_view value, std::string& storage)
{
    storage.clear();
    int depth = 0;
    for (const char c : value) {
        if (c == '(') {
            ++depth;
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (depth == 0) {
            storage.push_back(c == ',' || c == '\r' || c == '\n' ? ' ' : c);
        }
    }
    return split_words(storage);
}

bool parse_time(std::string_view w, DateTime& dt)
{
    const std::size_t c1 = w.find(':');
    if (c1 == std::string_view::npos || c1 == 0 || c1 > 2) {
        return false;
    }
    const std::size_t c2 = w.find(':', c1 + 1);
    const std::string_view h = w.substr(0, c1);
    const std::string_view m =
        w.substr(c1 + 1, c2 == std::string_view::npos ? w.size() : c2 - c1 - 1);
    std::string_view s = c2 == std::string_view::npos ? std::string_view() : w.substr(c2 + 1);
    if (!all_digits(h) || !all_digits(m) || m.size() != 2 || (!s.empty() && !all_digits(s))) {
        return false;
    }
    dt.hour = number(h);
    dt.minute = number(m);
    dt.second = s.empty() ? 0 : number(s.substr(0, 2));
    return dt.hour <= 23 && dt.minute <= 59 && dt.second <= 60;
}

// "+0100", "-05:00", "UT", "GMT", "EST" ..., "Z", military letters, "GMT+0100".
bool parse_zone(std::string_view w, DateTime& dt)
{
    if (w.size() > 3 && iequals(w.substr(0, 3), "GMT") && (w[3] == '+' || w[3] == '-')) {
        w.remove_prefix(3);
    } else if (w.size() > 3 && iequals(w.substr(0, 3), "UTC") && (w[3] == '+' || w[3] == '-')) {
        w.remove_prefix(3);
    }
    if (!w.empty() && (w[0] == '+' || w[0] == '-')) {
        std::string digits;
        for (const char c : w.substr(1)) {
            if (c != ':') {
                digits.push_back(c);
            }
        }
        if (digits.size() == 2) {
            digits += "00";
        }
        if (digits.size() != 4 || !all_digits(digits)) {
            return false;
        }
        const int minutes = number(digits.substr(0, 2)) * 60 + number(digits.substr(2));
        dt.zone_minutes = w[0] == '-' ? -minutes : minutes;
        dt.zone_known = !(w[0] == '-' && minutes == 0);  // -0000: unknown (RFC 5322 3.3)
        return true;
    }
    struct Named {
        std::string_view name;
        int hours;
    };
    static constexpr std::array<Named, 11> kNamed = {{{"UT", 0},
                                                      {"UTC", 0},
                                                      {"GMT", 0},
                                                      {"EST", -5},
                                                      {"EDT", -4},
                                                      {"CST", -6},
                                                      {"CDT", -5},
                                                      {"MST", -7},
                                                      {"MDT", -6},
                                                      {"PST", -8},
                                                      {"PDT", -7}}};
    for (const Named& n : kNamed) {
        if (iequals(w, n.name)) {
            dt.zone_minutes = n.hours * 60;
            dt.zone_known = true;
            return true;
        }
    }
    if (w.size() == 1 && ((w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= 'a' && w[0] <= 'z'))) {
        dt.zone_minutes = 0;  // military zones: their signs were defined wrong (RFC 5322 4.3)
        dt.zone_known = iequals(w, "Z");
        return true;
    }
    return false;
}

int fix_year(std::string_view digits)
{
    int y = number(digits);
    if (digits.size() <= 2) {
        y += y < 50 ? 2000 : 1900;  // RFC 5322 section 4.3
    } else if (digits.size() == 3) {
        y += 1900;
    }
    return y;
}

bool valid(const DateTime& dt)
{
    static constexpr std::array<int, 12> kDaysIn = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return dt.year >= 1 && dt.year <= 9999 && dt.month >= 1 && dt.month <= 12 && dt.day >= 1 &&
           dt.day <= kDaysIn[dt.month - 1];
}

// "2024-01-02T10:00:00Z" or "2024-01-02 10:00:00 +0100".
std::optional<DateTime> parse_iso(const std::vector<std::string_view>& w)
{
    std::string_view d = w[0];
    std::string_view t;
    const std::size_t tpos = d.find_first_of("Tt");
    if (tpos != std::string_view::npos) {
        t = d.substr(tpos + 1);
        d = d.substr(0, tpos);
    } else if (w.size() > 1) {
        t = w[1];
    }
    const std::vector<std::string_view> parts = split(d, '-');
    if (parts.size() != 3 || !all_digits(parts[0]) || parts[0].size() != 4 ||
        !all_digits(parts[1]) || !all_digits(parts[2])) {
        return std::nullopt;
    }
    DateTime dt;
    dt.year = number(parts[0]);
    dt.month = number(parts[1]);
    dt.day = number(parts[2]);
    if (!t.empty()) {
        std::string_view zone;
        const std::size_t z = t.find_first_of("Zz+-");
        if (z != std::string_view::npos) {
            zone = t.substr(z);
            t = t.substr(0, z);
        } else if (w.size() > 2) {
            zone = w[2];
        }
        if (!parse_time(t, dt)) {
            return std::nullopt;
        }
        if (!zone.empty()) {
            parse_zone(zone, dt);
        }
    }
    return valid(dt) ? std::optional<DateTime>(dt) : std::nullopt;
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day)
{
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    Date d;
    d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
    return d;
}

std::int64_t DateTime::unix_time() const
{
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
           static_cast<std::int64_t>(zone_minutes) * 60;
}

std::string DateTime::to_rfc5322() const
{
    const std::int64_t days = days_from_civil(year, month, day);
    const auto weekday = static_cast<std::size_t>(((days % 7) + 7 + 3) % 7);  // 1970-01-01: Thu
    char buf[64];
    const int z = zone_known ? zone_minutes : 0;
    std::snprintf(buf, sizeof buf, "%c%c%c, %d %c%c%c %04d %02d:%02d:%02d %c%02d%02d",
                  ascii_upper(kDays[weekday][0]), kDays[weekday][1], kDays[weekday][2], day,
                  ascii_upper(kMonths[month - 1][0]), kMonths[month - 1][1], kMonths[month - 1][2],
                  year, hour, minute, second, (z < 0 || !zone_known) ? '-' : '+', std::abs(z) / 60,
                  std::abs(z) % 60);
    return buf;
}

std::optional<DateTime> parse_date_time(std::string_view value)
{
    std::string storage;
    std::vector<std::string_view> w = words(value, storage);
    std::size_t i = 0;
    if (i < w.size() && is_weekday(w[i]) && !all_digits(w[i])) {
        ++i;
    }
    if (i >= w.size()) {
        return std::nullopt;
    }
    if (w[i].size() >= 8 && w[i][4] == '-') {
        return parse_iso(std::vector<std::string_view>(w.begin() + static_cast<long>(i), w.end()));
    }
    DateTime dt;
    bool have_time = false;
    if (month_of(w[i]) != 0 && !all_digits(w[i])) {
        // asctime: "Jan 2 10:00:00 2024" (the zone, if any, may come before the year)
        dt.month = month_of(w[i++]);
        if (i >= w.size() || !all_digits(w[i])) {
            return std::nullopt;
        }
        dt.day = number(w[i++]);
        for (; i < w.size(); ++i) {
            if (!have_time && parse_time(w[i], dt)) {
                have_time = true;
            } else if (all_digits(w[i]) && w[i].size() >= 2) {
                dt.year = fix_year(w[i]);
            } else {
                parse_zone(w[i], dt);
            }
        }
        return valid(dt) ? std::optional<DateTime>(dt) : std::nullopt;
    }
    // RFC 5322: day month year time zone.
    std::string_view day = w[i];
    if (day.size() > 2 && !all_digits(day)) {
        // "02-Jan-2024" written as one word
        const std::vector<std::string_view> parts = split(day, '-');
        if (parts.size() != 3) {
            return std::nullopt;
        }
        w.insert(w.begin() + static_cast<long>(i) + 1, parts.begin() + 1, parts.end());
        day = parts[0];
        w[i] = day;
    }
    if (!all_digits(day) || day.size() > 2 || i + 2 >= w.size() || month_of(w[i + 1]) == 0) {
        return std::nullopt;
    }
    dt.day = number(day);
    dt.month = month_of(w[i + 1]);
    if (!all_digits(w[i + 2])) {
        return std::nullopt;
    }
    dt.year = fix_year(w[i + 2]);
    i += 3;
    if (i < w.size() && w[i].find(':') != std::string_view::npos) {
        if (!parse_time(w[i], dt)) {
            return std::nullopt;
        }
        ++i;
    }
    if (i < w.size()) {
        parse_zone(w[i], dt);
    }
    return valid(dt) ? std::optional<DateTime>(dt) : std::nullopt;
}

std::optional<Date> parse_imap_date(std::string_view text)
{
    const std::vector<std::string_view> parts = split(text, '-');
    if (parts.size() != 3 || !all_digits(parts[0]) || parts[0].size() > 2 || parts[1].size() != 3 ||
        month_of(parts[1]) == 0 || !all_digits(parts[2]) || parts[2].size() != 4) {
        return std::nullopt;
    }
    DateTime dt;
    dt.day = number(parts[0]);
    dt.month = month_of(parts[1]);
    dt.year = number(parts[2]);
    if (!valid(dt)) {
        return std::nullopt;
    }
    return Date{dt.year, dt.month, dt.day};
}

}  // namespace roost::mail
