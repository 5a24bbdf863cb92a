// Modified UTF-7 (RFC 3501 section 5.1.3), the mailbox name encoding IMAP and Maildir++ share.
#include "mail/mutf7.hpp"

#include <cstdint>

#include "mail/utf8.hpp"

namespace roost::mail {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == ',') {
        return 63;
    }
    return -1;
}

bool is_printable(char c)
{
    return c >= 0x20 && c <= 0x7e;
}

// Writes the UTF-16 units in modified base64 between '&' and '-'.
void flush_run(std::string& out, const std::u16string& run)
{
    out += '&';
    std::uint32_t bits = 0;
    int nbits = 0;
    for (const char16_t unit : run) {
        bits = (bits << 16) | unit;
        nbits += 16;
        while (nbits >= 6) {
            nbits -= 6;
            out += kAlphabet[(bits >> nbits) & 63];
        }
        bits &= (1u << nbits) - 1;
    }
    if (nbits > 0) {
        out += kAlphabet[(bits << (6 - nbits)) & 63];
    }
    out += '-';
}

}  // namespace

std::string mutf7_encode(std::string_view utf8)
{
    std::string out;
    std::u16string run;
    std::size_t i = 0;
    while (i < utf8.size()) {
        const char c = utf8[i];
        if (is_printable(c)) {
            if (!run.empty()) {
                flush_run(out, run);
                run.clear();
            }
            out += c == '&' ? "&-" : std::string(1, c);
            ++i;
            continue;
        }
        const char32_t cp = utf8_next(utf8, i);
        if (cp >= 0x10000) {
            const char32_t v = cp - 0x10000;
            run += static_cast<char16_t>(0xD800 + (v >> 10));
            run += static_cast<char16_t>(0xDC00 + (v & 0x3FF));
        } else {
            run += static_cast<char16_t>(cp);
        }
    }
    if (!run.empty()) {
        flush_run(out, run);
    }
    return out;
}

std::optional<std::string> mutf7_decode(std::string_view text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (!is_printable(c)) {
            return std::nullopt;
        }
        if (c != '&') {
            out += c;
            ++i;
            continue;
        }
        const std::size_t end = text.find('-', i + 1);
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        if (end == i + 1) {
            out += '&';
            i = end + 1;
            continue;
        }
        std::uint32_t bits = 0;
        int nbits = 0;
        char16_t high = 0;  // a pending high surrogate
        for (std::size_t k = i + 1; k < end; ++k) {
            const int v = base64_value(text[k]);
            if (v < 0) {
                return std::nullopt;
            }
            bits = (bits << 6) | static_cast<std::uint32_t>(v);
            nbits += 6;
            if (nbits < 16) {
                continue;
            }
            nbits -= 16;
            const auto unit = static_cast<char16_t>((bits >> nbits) & 0xFFFF);
            bits &= (1u << nbits) - 1;
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                if (high != 0) {
                    return std::nullopt;
                }
                high = unit;
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                if (high == 0) {
                    return std::nullopt;
                }
                utf8_append(out, 0x10000 + ((static_cast<char32_t>(high) - 0xD800) << 10) +
                                           (unit - 0xDC00));
                high = 0;
            } else {
                if (high != 0 || (unit >= 0x20 && unit <= 0x7e)) {
                    return std::nullopt;  // unpaired, or ASCII that needed no encoding
                }
                utf8_append(out, unit);
            }
        }
        // Up to 4 bits of padding may remain after the last full unit, and they are zero.
        if (high != 0 || nbits >= 6 || bits != 0) {
            return std::nullopt;
        }
        i = end + 1;
    }
    return out;
}

}  // namespace roost::mail
