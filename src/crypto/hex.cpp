// Hex through libsodium's sodium_bin2hex / sodium_hex2bin.
#include "crypto/hex.hpp"

#include <sodium.h>

#include "crypto/crypto_error.hpp"
#include "crypto/sodium_init.hpp"

namespace roost::crypto {

std::string hex_encode(ByteView data)
{
    detail::ensure_sodium();
    std::string out(data.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data.data(), data.size());
    out.resize(data.size() * 2);  // drop sodium's terminating NUL
    return out;
}

Result<Bytes> hex_decode(std::string_view text)
{
    detail::ensure_sodium();
    if (text.size() % 2 != 0) {
        return crypto_error(CryptoError::BadEncoding, "invalid hex: odd number of digits");
    }
    if (text.empty()) {
        return Bytes{};
    }
    Bytes out(text.size() / 2);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end) !=
            0 ||
        end != text.data() + text.size() || len != out.size()) {
        return crypto_error(CryptoError::BadEncoding, "invalid hex digit");
    }
    return out;
}

}  // namespace roost::crypto
