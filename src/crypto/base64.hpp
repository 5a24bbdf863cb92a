// Base64 (RFC 4648, standard alphabet) encoding and decoding through libsodium's constant-time
// codec, so decoding secrets leaks nothing through timing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::crypto {

// Padded is RFC 4648 section 4 ("...=="); Unpadded drops the '=' (the salt and hash fields of
// "$argon2id$..." strings use it).
enum class Base64Padding { Padded, Unpadded };

std::string base64_encode(ByteView data, Base64Padding padding = Base64Padding::Padded);
inline std::string base64_encode(std::string_view data,
                                 Base64Padding padding = Base64Padding::Padded)
{
    return base64_encode(as_bytes(data), padding);
}

// What base64_decode_prefix() made of its input.
struct Base64Prefix {
    static constexpr std::size_t kNone = std::string_view::npos;

    Bytes data;
    // Offset of the first character that is neither base64, '=' nor white space; kNone when
    // the whole input was base64.
    std::size_t garbage_at = kNone;

    bool clean() const { return garbage_at == kNone; }
};

// Tolerant decoding: white space (space, tab, CR, LF) anywhere is skipped, and decoding stops
// at the first other character outside the alphabet, whose offset is reported rather than
// hidden. Fails (BadEncoding) only when the part before that point is not whole base64:
// a truncated group, misplaced or missing padding, or non-zero trailing bits.
Result<Base64Prefix> base64_decode_prefix(std::string_view text,
                                          Base64Padding padding = Base64Padding::Padded);

// Strict decoding: like base64_decode_prefix() but any garbage is an error naming its offset.
Result<Bytes> base64_decode(std::string_view text, Base64Padding padding = Base64Padding::Padded);

}  // namespace roost::crypto
