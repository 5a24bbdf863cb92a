// Parsers for typed setting values.
#include "config/value_parse.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "core/strings.hpp"

namespace roost::config {
namespace {

// Splits "10 M" / "10M" into the number and the unit word.
bool split_number(std::string_view text, std::uint64_t& number, std::string& unit)
{
    text = trim(text);
    std::size_t i = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        ++i;
    }
    if (i == 0) {
        return false;
    }
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, number);
    if (ec != std::errc() || ptr != text.data() + i) {
        return false;
    }
    unit = to_lower(trim(text.substr(i)));
    return true;
}

bool multiply(std::uint64_t& value, std::uint64_t factor)
{
    if (factor != 0 && value > std::numeric_limits<std::uint64_t>::max() / factor) {
        return false;
    }
    value *= factor;
    return true;
}

}  // namespace

std::optional<bool> parse_bool(std::string_view text)
{
    const std::string t = to_lower(trim(text));
    if (t == "yes" || t == "y" || t == "1") {
        return true;
    }
    if (t == "no" || t == "n" || t == "0") {
        return false;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> parse_uint(std::string_view text)
{
    std::uint64_t n = 0;
    std::string unit;
    if (!split_number(text, n, unit) || !unit.empty()) {
        return std::nullopt;
    }
    return n;
}

std::optional<std::uint64_t> parse_size(std::string_view text)
{
    std::uint64_t n = 0;
    std::string unit;
    if (!split_number(text, n, unit)) {
        return std::nullopt;
    }
    static constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
        {"", 1}, {"b", 1}, {"k", 1ULL << 10}, {"kb", 1ULL << 10}, {"kib", 1ULL << 10},
        {"m", 1ULL << 20}, {"mb", 1ULL << 20}, {"mib", 1ULL << 20},
        {"g", 1ULL << 30}, {"gb", 1ULL << 30}, {"gib", 1ULL << 30},
        {"t", 1ULL << 40}, {"tb", 1ULL << 40}, {"tib", 1ULL << 40},
    };
    for (const auto& [name, factor] : kUnits) {
        if (unit == name) {
            return multiply(n, factor) ? std::optional(n) : std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> parse_time(std::string_view text, bool bare_unit_ms)
{
    std::uint64_t n = 0;
    std::string unit;
    if (!split_number(text, n, unit)) {
        return std::nullopt;
    }
    static constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
        {"ms", 1}, {"msec", 1}, {"msecs", 1}, {"millisecond", 1}, {"milliseconds", 1},
        {"s", 1000}, {"sec", 1000}, {"secs", 1000}, {"second", 1000}, {"seconds", 1000},
        {"m", 60'000}, {"min", 60'000}, {"mins", 60'000}, {"minute", 60'000}, {"minutes", 60'000},
        {"h", 3'600'000}, {"hour", 3'600'000}, {"hours", 3'600'000},
        {"d", 86'400'000}, {"day", 86'400'000}, {"days", 86'400'000},
        {"w", 604'800'000}, {"week", 604'800'000}, {"weeks", 604'800'000},
    };
    std::uint64_t factor = 0;
    if (unit.empty()) {
        factor = bare_unit_ms ? 1 : 1000;
    }
    for (const auto& [name, f] : kUnits) {
        if (unit == name) {
            factor = f;
        }
    }
    if (factor == 0 || !multiply(n, factor) ||
        n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(n));
}

std::optional<unsigned> parse_mode(std::string_view text)
{
    text = trim(text);
    if (text.empty() || text.size() > 5) {
        return std::nullopt;
    }
    unsigned mode = 0;
    for (const char c : text) {
        if (c < '0' || c > '7') {
            return std::nullopt;
        }
        mode = mode * 8 + static_cast<unsigned>(c - '0');
    }
    return mode <= 07777 ? std::optional(mode) : std::nullopt;
}

std::vector<std::string> parse_words(std::string_view text)
{
    std::vector<std::string> out;
    std::string word;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == ',') {
            if (!word.empty()) {
                out.push_back(std::move(word));
                word.clear();
            }
        } else {
            word += c;
        }
    }
    if (!word.empty()) {
        out.push_back(std::move(word));
    }
    return out;
}

std::string check_value(const SettingDef& def, std::string_view value)
{
    switch (def.type) {
    case ValueType::String:
    case ValueType::List:
        return {};
    case ValueType::Bool:
        return parse_bool(value) ? "" : "Invalid boolean value: " + std::string(value) + " (use yes or no)";
    case ValueType::UInt:
        return parse_uint(value) ? "" : "Invalid number: " + std::string(value);
    case ValueType::Port: {
        const auto n = parse_uint(value);
        return n && *n <= 65535 ? "" : "Invalid port number: " + std::string(value);
    }
    case ValueType::Size:
        return parse_size(value) ? ""
                                 : "Invalid size: " + std::string(value) +
                                       " (a number with an optional unit B, k, M, G, T)";
    case ValueType::Time:
    case ValueType::TimeMsecs:
        return parse_time(value, def.type == ValueType::TimeMsecs)
                   ? ""
                   : "Invalid time: " + std::string(value) +
                         " (a number with a unit: msecs, secs, mins, hours, days, weeks)";
    case ValueType::Mode:
        return parse_mode(value) ? "" : "Invalid file mode: " + std::string(value) + " (octal, e.g. 0600)";
    case ValueType::Enum: {
        if (value.empty() && def.default_value.empty()) {
            return {};
        }
        for (std::string_view choice : split_words(def.choices)) {
            if (choice == value) {
                return {};
            }
        }
        return "Invalid value: " + std::string(value) + " (allowed: " +
               std::string(def.choices) + ")";
    }
    case ValueType::EnumList: {
        const auto choices = split_words(def.choices);
        for (const std::string& word : parse_words(value)) {
            if (std::find(choices.begin(), choices.end(), word) == choices.end()) {
                return "Invalid value: " + word + " (allowed: " + std::string(def.choices) + ")";
            }
        }
        return {};
    }
    }
    return {};
}

}  // namespace roost::config
