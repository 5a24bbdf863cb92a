// UTF-8 helpers: decoding code points, encoding them, and repairing invalid byte sequences.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace roost::mail {

inline constexpr char32_t kReplacementChar = 0xFFFD;
inline constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

// Decodes the code point at s[i] and advances i. Invalid or truncated sequences (including
// overlong forms and surrogates) yield U+FFFD and advance by one byte.
char32_t utf8_next(std::string_view s, std::size_t& i);

void utf8_append(std::string& out, char32_t cp);

// How many trailing bytes of s form a sequence that more bytes could still complete (0..3).
std::size_t utf8_incomplete_tail(std::string_view s);

bool is_valid_utf8(std::string_view s);

// s with every run of invalid bytes replaced by one U+FFFD.
std::string utf8_repair(std::string_view s);

// Number of code points in s (counting lead bytes; exact for valid UTF-8).
std::size_t utf8_length(std::string_view s);

}  // namespace roost::mail
