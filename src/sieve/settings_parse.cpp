// Parsing sieve_* settings.
#include "sieve/settings_parse.hpp"

#include <cstdlib>

#include "core/strings.hpp"
#include "sieve/sieve_error.hpp"

namespace roost::sieve {
namespace {

Error bad(std::string_view key, std::string_view value, std::string_view why)
{
    return sieve_error(SieveError::BadSetting,
                       std::string(key) + " = " + std::string(value) + ": " + std::string(why));
}

Result<std::uint64_t> parse_number(std::string_view digits)
{
    if (digits.empty()) {
        return sieve_error(SieveError::BadSetting, "a number is missing");
    }
    std::uint64_t v = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') {
            return sieve_error(SieveError::BadSetting, "not a number: " + std::string(digits));
        }
        if (v > (std::uint64_t{1} << 50)) {
            return sieve_error(SieveError::BadSetting, "number too large: " + std::string(digits));
        }
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

Result<bool> score_setting(ScoreTestSettings& s, std::string_view key, std::string_view value)
{
    if (key == "status_type") {
        if (iequals(value, "score")) {
            s.type = ScoreTestSettings::Type::Score;
        } else if (iequals(value, "strlen")) {
            s.type = ScoreTestSettings::Type::Strlen;
        } else if (iequals(value, "text")) {
            s.type = ScoreTestSettings::Type::Text;
        } else {
            return sieve_error(SieveError::BadSetting, "status_type must be score, strlen or text");
        }
        return true;
    }
    auto header_and_regex = [&](std::string& header, std::string& regex) {
        const std::size_t colon = value.find(':');
        header = std::string(trim(value.substr(0, colon)));
        regex = colon == std::string_view::npos ? std::string()
                                                : std::string(trim(value.substr(colon + 1)));
    };
    if (key == "status_header") {
        header_and_regex(s.status_header, s.status_regex);
        return true;
    }
    if (key == "max_header") {
        header_and_regex(s.max_header, s.max_regex);
        return true;
    }
    if (key == "max_value") {
        const std::string v(trim(value));
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        if (v.empty() || end != v.c_str() + v.size() || d <= 0) {
            return sieve_error(SieveError::BadSetting, "max_value must be a positive number");
        }
        s.max_value = d;
        return true;
    }
    if (key.starts_with("text_value")) {
        auto level = parse_number(key.substr(10));
        if (!level || *level > 10) {
            return sieve_error(SieveError::BadSetting, "text_value needs a level 0..10");
        }
        s.text_values[static_cast<int>(*level)] = std::string(trim(value));
        return true;
    }
    return false;
}

}  // namespace

Result<std::int64_t> parse_duration(std::string_view text)
{
    text = trim(text);
    std::size_t i = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        ++i;
    }
    auto n = parse_number(text.substr(0, i));
    if (!n) {
        return n.error();
    }
    const std::string unit = to_lower(trim(text.substr(i)));
    std::int64_t mult = 1;
    if (unit.empty() || unit == "s" || unit.starts_with("sec")) {
        mult = 1;
    } else if (unit == "m" || unit.starts_with("min")) {
        mult = 60;
    } else if (unit == "h" || unit.starts_with("hour")) {
        mult = 3600;
    } else if (unit == "d" || unit.starts_with("day")) {
        mult = 86400;
    } else if (unit == "w" || unit.starts_with("week")) {
        mult = 7 * 86400;
    } else {
        return sieve_error(SieveError::BadSetting, "unknown time unit '" + unit + "'");
    }
    return static_cast<std::int64_t>(*n) * mult;
}

Result<std::uint64_t> parse_size(std::string_view text)
{
    text = trim(text);
    std::size_t i = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        ++i;
    }
    auto n = parse_number(text.substr(0, i));
    if (!n) {
        return n.error();
    }
    const std::string unit = to_lower(trim(text.substr(i)));
    std::uint64_t mult = 1;
    if (unit.empty() || unit == "b") {
        mult = 1;
    } else if (unit == "k" || unit == "kb") {
        mult = 1 << 10;
    } else if (unit == "m" || unit == "mb") {
        mult = 1 << 20;
    } else if (unit == "g" || unit == "gb") {
        mult = 1 << 30;
    } else {
        return sieve_error(SieveError::BadSetting, "unknown size unit '" + unit + "'");
    }
    return *n * mult;
}

Result<bool> apply_setting(Settings& s, std::string_view key, std::string_view value)
{
    auto size = [&](std::size_t& out) -> Result<bool> {
        auto v = parse_size(value);
        if (!v) {
            return bad(key, value, v.error().message);
        }
        out = static_cast<std::size_t>(*v);
        return true;
    };
    auto duration = [&](std::int64_t& out) -> Result<bool> {
        auto v = parse_duration(value);
        if (!v) {
            return bad(key, value, v.error().message);
        }
        out = *v;
        return true;
    };
    auto boolean = [&](bool& out) -> Result<bool> {
        if (iequals(value, "yes") || iequals(value, "true") || value == "1") {
            out = true;
        } else if (iequals(value, "no") || iequals(value, "false") || value == "0" ||
                   value.empty()) {
            out = false;
        } else {
            return bad(key, value, "expected yes or no");
        }
        return true;
    };
    if (key == "sieve_max_script_size") {
        return size(s.limits.max_script_size);
    }
    if (key == "sieve_max_actions") {
        return size(s.limits.max_actions);
    }
    if (key == "sieve_max_redirects") {
        return size(s.limits.max_redirects);
    }
    if (key == "sieve_include_max_nesting_depth") {
        return size(s.limits.max_include_depth);
    }
    if (key == "sieve_include_max_includes") {
        return size(s.limits.max_includes);
    }
    if (key == "sieve_variables_max_scope_size") {
        return size(s.limits.max_variables);
    }
    if (key == "sieve_variables_max_variable_size") {
        return size(s.limits.max_variable_size);
    }
    if (key == "sieve_max_cpu_time") {
        std::int64_t secs = 0;
        auto r = duration(secs);
        s.limits.max_cpu_ms = secs * 1000;
        return r;
    }
    if (key == "sieve_extensions") {
        const auto unknown = apply_extension_list(s, std::string(value));
        if (!unknown.empty()) {
            return bad(key, value, "unknown extension '" + unknown.front() + "'");
        }
        return true;
    }
    if (key == "recipient_delimiter") {
        s.recipient_delimiter = std::string(value);
        return true;
    }
    if (key == "sieve_vacation_min_period") {
        return duration(s.vacation_min_period);
    }
    if (key == "sieve_vacation_max_period") {
        return duration(s.vacation_max_period);
    }
    if (key == "sieve_vacation_default_period") {
        return duration(s.vacation_default_period);
    }
    if (key == "sieve_vacation_dont_check_recipient") {
        return boolean(s.vacation_dont_check_recipient);
    }
    if (key == "sieve_duplicate_default_period") {
        return duration(s.duplicate_default_period);
    }
    if (key == "sieve_duplicate_max_period") {
        return duration(s.duplicate_max_period);
    }
    if (key == "sieve_user_email") {
        s.user_addresses.push_back(std::string(trim(value)));
        return true;
    }
    if (key == "sieve_editheader_protected") {
        for (std::string_view w : split_words(value)) {
            s.editheader_protected.push_back(to_lower(w));
        }
        return true;
    }
    if (key == "sieve_editheader_max_header_size") {
        return size(s.editheader_max_header_size);
    }
    if (key == "sieve_notify_mailto_envelope_from" || key == "sieve_notify_from") {
        s.notify_from = std::string(trim(value));
        return true;
    }
    if (key == "hostname") {
        s.hostname = std::string(trim(value));
        return true;
    }
    if (key.starts_with("sieve_spamtest_")) {
        auto r = score_setting(s.spamtest, key.substr(15), value);
        return r ? r : Result<bool>(bad(key, value, r.error().message));
    }
    if (key.starts_with("sieve_virustest_")) {
        auto r = score_setting(s.virustest, key.substr(16), value);
        return r ? r : Result<bool>(bad(key, value, r.error().message));
    }
    return false;
}

}  // namespace roost::sieve
