// Argon2i and Argon2id password hashing (RFC 9106) through libsodium's crypto_pwhash, in the
// "$argon2id$v=19$m=65536,t=3,p=1$salt$hash" string form that Dovecot and libsodium share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::crypto {

enum class Argon2Variant { Argon2i, Argon2id };

struct Argon2Cost {
    std::uint64_t time = 3;                   // passes over memory (libsodium's opslimit)
    std::size_t memory_bytes = 64ULL << 20;  // libsodium's memlimit; the string shows KiB
};

// The fields of an encoded string.
struct Argon2Encoded {
    Argon2Variant variant = Argon2Variant::Argon2id;
    std::uint32_t version = 0;  // 19 (0x13) is the only one accepted
    std::uint32_t memory_kib = 0;
    std::uint32_t time = 0;
    std::uint32_t lanes = 0;
    Bytes salt;
    Bytes hash;
};

// Hashes `password` with a fresh 16-byte random salt; the result is the encoded string.
// BadParameter when the cost is outside libsodium's limits for the variant (Argon2i needs
// time >= 3).
Result<std::string> argon2_hash(Argon2Variant variant, std::string_view password,
                                const Argon2Cost& cost);

// Parses an encoded string without checking any password; BadEncoding when it is not one.
Result<Argon2Encoded> argon2_parse(std::string_view encoded);

// True when `password` matches the encoded string, false when it does not; an error when the
// string is malformed or is of a kind libsodium cannot verify (more than one lane, longer than
// libsodium's 127 characters). libsodium reports running out of memory for the string's cost
// like a wrong password, so that too is false.
Result<bool> argon2_verify(std::string_view encoded, std::string_view password);

}  // namespace roost::crypto
