// Hexadecimal encoding (lower case) and strict decoding (either case) through libsodium's
// constant-time codec.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::crypto {

std::string hex_encode(ByteView data);
inline std::string hex_encode(std::string_view data)
{
    return hex_encode(as_bytes(data));
}

// The bytes of an even number of hex digits; anything else (odd length, other characters,
// white space) is BadEncoding.
Result<Bytes> hex_decode(std::string_view text);

}  // namespace roost::crypto
