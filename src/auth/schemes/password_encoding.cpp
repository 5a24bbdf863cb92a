// Encoding and decoding of raw stored password bytes.
#include "auth/schemes/password_encoding.hpp"

#include "auth/schemes/scheme_error.hpp"
#include "crypto/base64.hpp"
#include "crypto/hex.hpp"

namespace roost::auth {
namespace {

Result<crypto::Bytes> decode_as(std::string_view text, PasswordEncoding encoding,
                                std::string_view scheme)
{
    switch (encoding) {
        case PasswordEncoding::None:
            return crypto::to_bytes(text);
        case PasswordEncoding::Hex: {
            auto r = crypto::hex_decode(text);
            if (!r) {
                return scheme_error(SchemeError::Malformed,
                                    std::string(scheme) + " value is not valid hex");
            }
            return std::move(*r);
        }
        case PasswordEncoding::Base64: {
            auto r = crypto::base64_decode(text);
            if (!r) {
                return scheme_error(SchemeError::Malformed,
                                    std::string(scheme) + " value is not valid base64");
            }
            return std::move(*r);
        }
    }
    return scheme_error(SchemeError::Malformed, "unknown encoding");
}

bool is_hex(std::string_view text)
{
    return crypto::hex_decode(text).ok();
}

}  // namespace

std::string encode_password(crypto::ByteView raw, PasswordEncoding encoding)
{
    switch (encoding) {
        case PasswordEncoding::None:
            return crypto::to_string(raw);
        case PasswordEncoding::Hex:
            return crypto::hex_encode(raw);
        case PasswordEncoding::Base64:
            return crypto::base64_encode(raw);
    }
    return {};
}

Result<crypto::Bytes> decode_password(std::string_view text, const PasswordScheme& scheme,
                                      std::optional<PasswordEncoding> explicit_encoding)
{
    PasswordEncoding encoding = explicit_encoding.value_or(scheme.encoding());
    const std::size_t size = scheme.raw_size();
    if (!explicit_encoding) {
        if (encoding == PasswordEncoding::Hex && !is_hex(text)) {
            encoding = PasswordEncoding::Base64;
        } else if (encoding == PasswordEncoding::Base64 && size != 0 &&
                   text.size() == 2 * size && is_hex(text)) {
            encoding = PasswordEncoding::Hex;
        }
    }
    auto raw = decode_as(text, encoding, scheme.name());
    if (raw && size != 0 && raw->size() != size) {
        return scheme_error(SchemeError::Malformed,
                            std::string(scheme.name()) + " value has " +
                                std::to_string(raw->size()) + " bytes instead of " +
                                std::to_string(size));
    }
    return raw;
}

}  // namespace roost::auth
