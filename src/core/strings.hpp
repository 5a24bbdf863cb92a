// Small string helpers shared by every library: trimming, splitting, case-insensitive compare.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace roost {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
constexpr char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
std::string_view trim_right(std::string_view s);

// Splits on runs of spaces and tabs; never yields empty words.
std::vector<std::string_view> split_words(std::string_view s);
// Splits on every occurrence of sep; yields empty fields too.
std::vector<std::string_view> split(std::string_view s, char sep);

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), used to
// suggest the closest known name for a misspelt one.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace roost
