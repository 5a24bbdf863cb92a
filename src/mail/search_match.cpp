// Comparators, match types, address parts and date comparisons.
#include "mail/search_match.hpp"

#include <vector>

#include "core/strings.hpp"
#include "mail/address.hpp"
#include "mail/unicode_casemap.hpp"
#include "mail/utf8.hpp"

namespace roost::mail {
namespace {

// The units a comparator compares: bytes, ASCII-lowercased bytes, or folded code points.
std::u32string units(std::string_view s, Comparator c)
{
    std::u32string out;
    out.reserve(s.size());
    if (c == Comparator::UnicodeCasemap) {
        std::size_t i = 0;
        while (i < s.size()) {
            out.push_back(fold_case(utf8_next(s, i)));
        }
        return out;
    }
    for (const char ch : s) {
        const auto b =
            static_cast<unsigned char>(c == Comparator::AsciiCasemap ? ascii_lower(ch) : ch);
        out.push_back(b);
    }
    return out;
}

// Glob matching with '*', '?' and '\' escapes; iterative with backtracking to the last '*'.
bool glob(const std::u32string& v, const std::u32string& p)
{
    std::size_t vi = 0;
    std::size_t pi = 0;
    std::size_t star_p = std::u32string::npos;
    std::size_t star_v = 0;
    while (vi < v.size()) {
        if (pi < p.size() && p[pi] == U'*') {
            star_p = pi++;
            star_v = vi;
            continue;
        }
        if (pi < p.size()) {
            char32_t want = p[pi];
            std::size_t step = 1;
            if (want == U'\\' && pi + 1 < p.size()) {
                want = p[pi + 1];
                step = 2;
            } else if (want == U'?') {
                ++vi;
                ++pi;
                continue;
            }
            if (v[vi] == want) {
                ++vi;
                pi += step;
                continue;
            }
        }
        if (star_p == std::u32string::npos) {
            return false;
        }
        pi = star_p + 1;
        vi = ++star_v;
    }
    while (pi < p.size() && p[pi] == U'*') {
        ++pi;
    }
    return pi == p.size();
}

}  // namespace

bool match_string(std::string_view value, std::string_view key, MatchType type,
                  Comparator comparator)
{
    const std::u32string v = units(value, comparator);
    const std::u32string k = units(key, comparator);
    switch (type) {
        case MatchType::Is:
            return v == k;
        case MatchType::Contains:
            return v.find(k) != std::u32string::npos;
        case MatchType::Matches:
            return glob(v, k);
    }
    return false;
}

std::optional<std::string> address_part(const Address& address, AddressPart part)
{
    if (address.is_group_start() || address.is_group_end()) {
        return std::nullopt;
    }
    const std::string local = address.mailbox.value_or("");
    const bool has_domain = address.domain && *address.domain != kMissingDomain;
    switch (part) {
        case AddressPart::LocalPart:
            return local;
        case AddressPart::Domain:
            return has_domain ? *address.domain : std::string();
        case AddressPart::All:
            return has_domain ? local + "@" + *address.domain : local;
    }
    return std::nullopt;
}

Date date_of(const DateTime& dt)
{
    return Date{dt.year, dt.month, dt.day};
}

Date date_in_zone(std::int64_t unix_time, int zone_minutes)
{
    const std::int64_t local = unix_time + static_cast<std::int64_t>(zone_minutes) * 60;
    std::int64_t days = local / 86400;
    if (local % 86400 < 0) {
        --days;
    }
    return civil_from_days(days);
}

}  // namespace roost::mail
