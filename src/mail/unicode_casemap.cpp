// Case-folded UTF-8 and substring search under i;unicode-casemap.
#include "mail/unicode_casemap.hpp"

#include "mail/utf8.hpp"

namespace roost::mail {
namespace {

// Hangul syllables decompose by arithmetic (Unicode 3.12), not through UnicodeData's field 5:
// so a composed syllable matches the same syllable sent as conjoining jamo, as in Dovecot.
constexpr char32_t kHangulFirst = 0xAC00;
constexpr char32_t kHangulLast = 0xD7A3;

void append_hangul(std::string& out, char32_t syllable)
{
    const char32_t index = syllable - kHangulFirst;
    utf8_append(out, 0x1100 + index / (21 * 28));       // leading consonant
    utf8_append(out, 0x1161 + (index % (21 * 28)) / 28);  // vowel
    if (index % 28 != 0) {
        utf8_append(out, 0x11A7 + index % 28);  // trailing consonant
    }
}

}  // namespace

void casemap_append(std::string& out, std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            out.push_back(b >= 'a' && b <= 'z' ? static_cast<char>(b - 32) : static_cast<char>(b));
            ++i;
            continue;
        }
        const char32_t cp = utf8_next(text, i);
        if (cp >= kHangulFirst && cp <= kHangulLast) {
            append_hangul(out, cp);
            continue;
        }
        const std::u32string_view mapped = unicode_casemap_of(cp);
        if (mapped.empty()) {
            utf8_append(out, cp);
            continue;
        }
        for (const char32_t m : mapped) {
            utf8_append(out, m);
        }
    }
}

std::string casemap_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    casemap_append(out, text);
    return out;
}

bool casemap_contains(std::string_view haystack, std::string_view needle)
{
    if (needle.empty()) {
        return true;
    }
    return casemap_utf8(haystack).find(casemap_utf8(needle)) != std::string::npos;
}

bool casemap_equals(std::string_view a, std::string_view b)
{
    return casemap_utf8(a) == casemap_utf8(b);
}

CasemapSearch::CasemapSearch(std::string_view needle) : needle_(casemap_utf8(needle))
{
    found_ = needle_.empty();
}

void CasemapSearch::reset()
{
    window_.clear();
    carry_.clear();
    found_ = needle_.empty();
}

void CasemapSearch::feed(std::string_view text)
{
    if (found_ || text.empty()) {
        return;
    }
    std::string joined;
    if (!carry_.empty()) {
        joined = carry_;
        joined.append(text);
        text = joined;
        carry_.clear();
    }
    const std::size_t tail = utf8_incomplete_tail(text);
    carry_.assign(text.substr(text.size() - tail));
    text.remove_suffix(tail);
    casemap_append(window_, text);
    if (window_.find(needle_, 0) != std::string::npos) {
        found_ = true;
        return;
    }
    // Keep just enough folded text for a match that straddles the next chunk.
    if (window_.size() >= needle_.size()) {
        window_.erase(0, window_.size() - (needle_.size() - 1));
    }
}

}  // namespace roost::mail
