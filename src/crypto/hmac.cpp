// HMAC and PBKDF2 through OpenSSL's one-shot HMAC() and PKCS5_PBKDF2_HMAC().
#include "crypto/hmac.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <climits>
#include <string>

#include "crypto/crypto_error.hpp"
#include "crypto/evp_md.hpp"

namespace roost::crypto {

Result<Bytes> hmac(DigestAlgorithm algorithm, ByteView key, ByteView data)
{
    if (key.size() > static_cast<std::size_t>(INT_MAX)) {
        return crypto_error(CryptoError::BadLength, "HMAC key too long");
    }
    Bytes out(digest_size(algorithm));
    unsigned int len = 0;
    // OpenSSL wants a non-null key pointer even for an empty key.
    static const std::uint8_t kEmpty = 0;
    const void* key_ptr = key.empty() ? &kEmpty : key.data();
    if (HMAC(detail::evp_md(algorithm), key_ptr, static_cast<int>(key.size()), data.data(),
             data.size(), out.data(), &len) == nullptr ||
        len != out.size()) {
        return crypto_error(CryptoError::LibraryFailure,
                            "HMAC-" + std::string(digest_name(algorithm)) + " failed");
    }
    return out;
}

Result<Bytes> pbkdf2(DigestAlgorithm algorithm, ByteView password, ByteView salt,
                     unsigned iterations, std::size_t length)
{
    if (iterations == 0 || iterations > static_cast<unsigned>(INT_MAX)) {
        return crypto_error(CryptoError::BadParameter, "PBKDF2 iteration count out of range");
    }
    if (length == 0 || length > static_cast<std::size_t>(INT_MAX) ||
        password.size() > static_cast<std::size_t>(INT_MAX) ||
        salt.size() > static_cast<std::size_t>(INT_MAX)) {
        return crypto_error(CryptoError::BadLength, "PBKDF2 input or output length out of range");
    }
    Bytes out(length);
    static const std::uint8_t kEmpty = 0;
    const auto* pw = password.empty() ? &kEmpty : password.data();
    const auto* salt_ptr = salt.empty() ? &kEmpty : salt.data();
    if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(pw), static_cast<int>(password.size()),
                          salt_ptr, static_cast<int>(salt.size()), static_cast<int>(iterations),
                          detail::evp_md(algorithm), static_cast<int>(length),
                          out.data()) != 1) {
        return crypto_error(CryptoError::LibraryFailure,
                            "PBKDF2-" + std::string(digest_name(algorithm)) + " failed");
    }
    return out;
}

}  // namespace roost::crypto
