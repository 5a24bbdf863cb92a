// Parsers for typed setting values: booleans, numbers, sizes, times, modes and enums.
// Each returns nullopt (or an error text) for input it does not accept; none throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/setting_def.hpp"

namespace roost::config {

std::optional<bool> parse_bool(std::string_view text);          // yes/no (also y/n, 1/0)
std::optional<std::uint64_t> parse_uint(std::string_view text);
std::optional<std::uint64_t> parse_size(std::string_view text);  // bytes: "10M", "1 G", "4k"
// A duration; `bare_unit_ms` picks the unit of a bare number (seconds or milliseconds).
std::optional<std::chrono::milliseconds> parse_time(std::string_view text, bool bare_unit_ms = false);
std::optional<unsigned> parse_mode(std::string_view text);        // octal, at most 07777
// Words of a list separated by spaces and/or commas.
std::vector<std::string> parse_words(std::string_view text);

// Why `value` is not valid for `def`, or "" when it is.
std::string check_value(const SettingDef& def, std::string_view value);

}  // namespace roost::config
