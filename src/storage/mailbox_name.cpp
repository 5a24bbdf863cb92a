// Modified UTF-7 and mailbox name checks.
#include "storage/mailbox_name.hpp"

#include <array>
#include <cstdint>

#include "core/strings.hpp"
#include "mail/utf8.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int base64_value(char c)
{
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

bool is_direct(char32_t cp)
{
    return cp >= 0x20 && cp <= 0x7e;
}

// Appends the UTF-16 units as modified base64 between '&' and '-'.
void flush_shifted(std::string& out, const std::vector<std::uint16_t>& units)
{
    out += '&';
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const std::uint16_t unit : units) {
        buffer = (buffer << 16) | unit;
        bits += 16;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buffer >> bits) & 0x3f];
        }
        buffer &= (1u << bits) - 1;
    }
    if (bits > 0) {
        out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
    }
    out += '-';
}

}  // namespace

std::string mutf7_encode(std::string_view utf8)
{
    std::string out;
    std::vector<std::uint16_t> pending;
    std::size_t i = 0;
    while (i < utf8.size()) {
        const char32_t cp = mail::utf8_next(utf8, i);
        if (is_direct(cp)) {
            if (!pending.empty()) {
                flush_shifted(out, pending);
                pending.clear();
            }
            out += static_cast<char>(cp);
            if (cp == U'&') {
                out += '-';
            }
            continue;
        }
        if (cp >= 0x10000) {
            const char32_t v = cp - 0x10000;
            pending.push_back(static_cast<std::uint16_t>(0xD800 + (v >> 10)));
            pending.push_back(static_cast<std::uint16_t>(0xDC00 + (v & 0x3ff)));
        } else {
            pending.push_back(static_cast<std::uint16_t>(cp));
        }
    }
    if (!pending.empty()) {
        flush_shifted(out, pending);
    }
    return out;
}

std::optional<std::string> mutf7_decode(std::string_view text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c != '&') {
            if (!is_direct(static_cast<unsigned char>(c))) {
                return std::nullopt;
            }
            out += c;
            ++i;
            continue;
        }
        ++i;
        if (i < text.size() && text[i] == '-') {
            out += '&';
            ++i;
            continue;
        }
        std::uint32_t buffer = 0;
        int bits = 0;
        std::vector<std::uint16_t> units;
        while (i < text.size() && text[i] != '-') {
            const int v = base64_value(text[i]);
            if (v < 0) {
                return std::nullopt;
            }
            buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
            bits += 6;
            if (bits >= 16) {
                bits -= 16;
                units.push_back(static_cast<std::uint16_t>(buffer >> bits));
                buffer &= (1u << bits) - 1;
            }
            ++i;
        }
        // The run must end in '-', hold at least one unit, and leave only zero padding bits.
        if (i >= text.size() || units.empty() || bits >= 6 || buffer != 0) {
            return std::nullopt;
        }
        ++i;  // the '-'
        for (std::size_t k = 0; k < units.size(); ++k) {
            const std::uint16_t u = units[k];
            char32_t cp = u;
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (k + 1 >= units.size() || units[k + 1] < 0xDC00 || units[k + 1] > 0xDFFF) {
                    return std::nullopt;
                }
                cp = 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) +
                     (static_cast<char32_t>(units[k + 1]) - 0xDC00);
                ++k;
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                return std::nullopt;
            } else if (is_direct(cp)) {
                return std::nullopt;
            }
            mail::utf8_append(out, cp);
        }
    }
    return out;
}

bool is_inbox_name(std::string_view name)
{
    return iequals(name, "INBOX");
}

std::string canonical_mailbox_name(std::string_view name)
{
    const auto sep = name.find(kHierarchySeparator);
    const std::string_view first = name.substr(0, sep);
    if (!is_inbox_name(first)) {
        return std::string(name);
    }
    std::string out = "INBOX";
    if (sep != std::string_view::npos) {
        out += name.substr(sep);
    }
    return out;
}

Result<std::vector<std::string>> split_mailbox_name(std::string_view name)
{
    if (name.empty()) {
        return storage_error(StorageError::BadName, "empty mailbox name");
    }
    if (!mail::is_valid_utf8(name)) {
        return storage_error(StorageError::BadName, "mailbox name is not valid UTF-8");
    }
    std::vector<std::string> levels;
    for (const std::string_view level : split(name, kHierarchySeparator)) {
        if (level.empty()) {
            return storage_error(StorageError::BadName,
                                 "mailbox name has an empty level: " + std::string(name));
        }
        if (level == "." || level == "..") {
            return storage_error(StorageError::BadName,
                                 "mailbox name level may not be . or ..: " + std::string(name));
        }
        for (const char c : level) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f) {
                return storage_error(StorageError::BadName, "mailbox name has a control character");
            }
        }
        levels.emplace_back(level);
    }
    return levels;
}

}  // namespace roost::storage
