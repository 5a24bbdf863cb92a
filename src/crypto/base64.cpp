// Base64 through libsodium's sodium_bin2base64 / sodium_base642bin.
#include "crypto/base64.hpp"

#include <sodium.h>

#include "crypto/crypto_error.hpp"
#include "crypto/sodium_init.hpp"

namespace roost::crypto {
namespace {

constexpr const char* kWhitespace = " \t\r\n";

int sodium_variant(Base64Padding padding)
{
    return padding == Base64Padding::Padded ? sodium_base64_VARIANT_ORIGINAL
                                            : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
}

bool is_base64_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/' || c == '=';
}

bool is_whitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::string base64_encode(ByteView data, Base64Padding padding)
{
    detail::ensure_sodium();
    if (data.empty()) {
        return {};
    }
    const int variant = sodium_variant(padding);
    std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
    out.resize(out.size() - 1);  // sodium writes a terminating NUL
    return out;
}

Result<Base64Prefix> base64_decode_prefix(std::string_view text, Base64Padding padding)
{
    detail::ensure_sodium();
    Base64Prefix out;
    std::size_t end = 0;
    while (end < text.size() && (is_base64_char(text[end]) || is_whitespace(text[end]))) {
        ++end;
    }
    if (end < text.size()) {
        out.garbage_at = end;
    }
    const std::string_view body = text.substr(0, end);
    if (body.empty()) {
        return out;
    }
    out.data.resize(body.size() / 4 * 3 + 3);
    std::size_t len = 0;
    if (sodium_base642bin(out.data.data(), out.data.size(), body.data(), body.size(), kWhitespace,
                          &len, nullptr, sodium_variant(padding)) != 0) {
        return crypto_error(CryptoError::BadEncoding,
                            "invalid base64: truncated group or misplaced padding");
    }
    out.data.resize(len);
    return out;
}

Result<Bytes> base64_decode(std::string_view text, Base64Padding padding)
{
    auto prefix = base64_decode_prefix(text, padding);
    if (!prefix) {
        return prefix.error();
    }
    if (!prefix->clean()) {
        return crypto_error(CryptoError::BadEncoding, "invalid base64 character at offset " +
                                                          std::to_string(prefix->garbage_at));
    }
    return std::move(prefix->data);
}

}  // namespace roost::crypto
