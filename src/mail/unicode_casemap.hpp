// The i;unicode-casemap comparator's folding (RFC 5051, simplified to Unicode simple case
// folding): what IMAP SEARCH and Sieve compare text with.
#pragma once

#include <string>
#include <string_view>

namespace roost::mail {

// The simple case folding of one code point (itself when it has none).
char32_t fold_case(char32_t cp);

// UTF-8 text folded code point by code point; invalid bytes become U+FFFD.
std::string casemap_utf8(std::string_view text);
void casemap_append(std::string& out, std::string_view text);

// True when `needle` occurs in `haystack` under i;unicode-casemap (both UTF-8).
bool casemap_contains(std::string_view haystack, std::string_view needle);
bool casemap_equals(std::string_view a, std::string_view b);

// Streaming substring search under i;unicode-casemap: feed text in chunks of any size (UTF-8
// sequences may be split between chunks); found() turns true once the needle was seen.
class CasemapSearch {
public:
    explicit CasemapSearch(std::string_view needle);

    void feed(std::string_view text);
    bool found() const { return found_; }
    // Forgets what was fed (the needle stays), e.g. between message parts.
    void reset();

private:
    std::string needle_;  // folded
    std::string window_;  // folded text kept from earlier chunks (needle size - 1 bytes)
    std::string carry_;   // an incomplete UTF-8 sequence at the end of the last chunk
    bool found_ = false;
};

}  // namespace roost::mail
