// CryptoError: the errors of roost::crypto as a std::error_code category (STYLE.md #6).
#pragma once

#include <string>
#include <system_error>

#include "core/result.hpp"

namespace roost::crypto {

enum class CryptoError {
    Ok = 0,
    BadEncoding,     // base64 / hex text with characters or padding that do not decode
    BadLength,       // an input or output size the algorithm does not accept
    BadParameter,    // iterations, memory or cost outside what the algorithm allows
    LibraryFailure,  // OpenSSL or libsodium refused (no memory, algorithm disabled, e.g. FIPS)
};

const std::error_category& crypto_category();

inline std::error_code make_error_code(CryptoError e)
{
    return {static_cast<int>(e), crypto_category()};
}

// An Error with a CryptoError code and a human message (never containing secrets).
Error crypto_error(CryptoError code, std::string message);

}  // namespace roost::crypto

template <>
struct std::is_error_code_enum<roost::crypto::CryptoError> : std::true_type {};
