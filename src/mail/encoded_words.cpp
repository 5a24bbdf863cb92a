// RFC 2047 decoding and encoding.
#include "mail/encoded_words.hpp"

#include "core/strings.hpp"
#include "mail/charset.hpp"
#include "mail/transfer_decoder.hpp"
#include "mail/utf8.hpp"

namespace roost::mail {
namespace {

struct EncodedWord {
    std::size_t end = 0;  // offset just past "?="
    std::string charset;
    std::string bytes;  // decoded, still in charset
};

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

std::string decode_q(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            out.push_back(' ');
        } else if (c == '=') {
            const int hi = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
            const int lo = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
            } else {
                out.push_back(c);
            }
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// Parses an encoded word starting at s[pos] ("=?"). False if it is not one.
bool parse_encoded_word(std::string_view s, std::size_t pos, EncodedWord& word)
{
    const std::size_t q1 = s.find('?', pos + 2);
    if (q1 == std::string_view::npos || q1 == pos + 2) {
        return false;
    }
    if (q1 + 2 >= s.size() || s[q1 + 2] != '?') {
        return false;
    }
    const char enc = ascii_upper(s[q1 + 1]);
    if (enc != 'Q' && enc != 'B') {
        return false;
    }
    const std::size_t text_start = q1 + 3;
    const std::size_t close = s.find("?=", text_start);
    if (close == std::string_view::npos) {
        return false;
    }
    const std::string_view charset = s.substr(pos + 2, q1 - pos - 2);
    const std::string_view text = s.substr(text_start, close - text_start);
    if (charset.find_first_of(" \t\r\n") != std::string_view::npos ||
        text.find_first_of(" \t\r\n") != std::string_view::npos) {
        return false;
    }
    // RFC 2231 section 5: "charset*language".
    word.charset = std::string(charset.substr(0, charset.find('*')));
    word.bytes = enc == 'Q' ? decode_q(text) : decode_base64(text);
    word.end = close + 2;
    return true;
}

}  // namespace

std::string decode_header_text(std::string_view value)
{
    std::string out;
    std::string pending_bytes;  // decoded bytes of adjacent words in pending_charset
    std::string pending_charset;
    auto flush = [&]() {
        if (!pending_bytes.empty() || !pending_charset.empty()) {
            out += to_utf8(pending_bytes, pending_charset);
        }
        pending_bytes.clear();
        pending_charset.clear();
    };
    std::string plain;  // unencoded text since the last encoded word
    bool after_word = false;
    std::size_t i = 0;
    while (i < value.size()) {
        if (value[i] == '=' && i + 1 < value.size() && value[i + 1] == '?') {
            EncodedWord word;
            if (parse_encoded_word(value, i, word)) {
                const bool only_space = plain.find_first_not_of(" \t\r\n") == std::string::npos;
                if (!(after_word && only_space)) {
                    flush();
                    out += utf8_repair(plain);
                } else if (!iequals(word.charset, pending_charset)) {
                    flush();
                }
                plain.clear();
                if (pending_charset.empty()) {
                    pending_charset = word.charset;
                }
                pending_bytes += word.bytes;
                after_word = true;
                i = word.end;
                continue;
            }
        }
        if (value[i] != '\r' && value[i] != '\n') {
            plain.push_back(value[i]);
        }
        ++i;
    }
    flush();
    out += utf8_repair(plain);
    return out;
}

std::string encode_header_text(std::string_view text, std::string_view charset, char encoding,
                               std::string_view separator)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    static constexpr char kB64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const bool b = ascii_upper(encoding) == 'B';
    const std::string prefix = "=?" + std::string(charset) + (b ? "?B?" : "?Q?");
    // Each chunk of characters is converted on its own so stateful charsets (ISO-2022-JP) end
    // every word in their initial state.
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        std::string encoded;
        for (;;) {
            if (j >= text.size()) {
                break;
            }
            std::size_t k = j;
            utf8_next(text, k);
            const std::string candidate = from_utf8(text.substr(i, k - i), charset);
            std::string enc;
            if (b) {
                for (std::size_t p = 0; p < candidate.size(); p += 3) {
                    const auto b0 = static_cast<unsigned char>(candidate[p]);
                    const auto b1 = p + 1 < candidate.size()
                                        ? static_cast<unsigned char>(candidate[p + 1])
                                        : 0u;
                    const auto b2 = p + 2 < candidate.size()
                                        ? static_cast<unsigned char>(candidate[p + 2])
                                        : 0u;
                    enc += kB64[b0 >> 2];
                    enc += kB64[((b0 & 3) << 4) | (b1 >> 4)];
                    enc += p + 1 < candidate.size() ? kB64[((b1 & 15) << 2) | (b2 >> 6)] : '=';
                    enc += p + 2 < candidate.size() ? kB64[b2 & 63] : '=';
                }
            } else {
                for (const char ch : candidate) {
                    const auto u = static_cast<unsigned char>(ch);
                    if (ch == ' ') {
                        enc += '_';
                    } else if (u >= 0x80 || u < 0x21 || ch == '=' || ch == '?' || ch == '_' ||
                               ch == '"' || ch == '(' || ch == ')' || ch == ',') {
                        enc += '=';
                        enc += kHex[u >> 4];
                        enc += kHex[u & 15];
                    } else {
                        enc += ch;
                    }
                }
            }
            if (prefix.size() + enc.size() + 2 > 75 && j > i) {
                break;
            }
            encoded = std::move(enc);
            j = k;
        }
        if (!out.empty()) {
            out += separator;
        }
        out += prefix + encoded + "?=";
        i = j;
    }
    return out;
}

}  // namespace roost::mail
