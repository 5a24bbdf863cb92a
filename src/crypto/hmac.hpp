// HMAC (RFC 2104) over the digests of digest.hpp, and PBKDF2 (RFC 8018), which SCRAM calls Hi().
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"
#include "crypto/digest.hpp"

namespace roost::crypto {

// HMAC(key, data); digest_size(algorithm) bytes. Any key length is fine (RFC 2104 hashes keys
// longer than a block).
Result<Bytes> hmac(DigestAlgorithm algorithm, ByteView key, ByteView data);
inline Result<Bytes> hmac(DigestAlgorithm algorithm, std::string_view key, std::string_view data)
{
    return hmac(algorithm, as_bytes(key), as_bytes(data));
}

// PBKDF2 with HMAC-`algorithm` as the PRF: `length` bytes derived from password and salt with
// `iterations` rounds. iterations and length must be at least 1 (BadParameter otherwise).
Result<Bytes> pbkdf2(DigestAlgorithm algorithm, ByteView password, ByteView salt,
                     unsigned iterations, std::size_t length);
inline Result<Bytes> pbkdf2(DigestAlgorithm algorithm, std::string_view password, ByteView salt,
                            unsigned iterations, std::size_t length)
{
    return pbkdf2(algorithm, as_bytes(password), salt, iterations, length);
}

}  // namespace roost::crypto
