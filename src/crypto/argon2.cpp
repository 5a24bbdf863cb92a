// Argon2 through libsodium's crypto_pwhash_str_alg / crypto_pwhash_str_verify, with a parser
// that tells malformed strings from wrong passwords (libsodium reports both as -1).
#include "crypto/argon2.hpp"

#include <sodium.h>

#include <charconv>
#include <cstring>

#include "core/strings.hpp"
#include "crypto/base64.hpp"
#include "crypto/crypto_error.hpp"
#include "crypto/sodium_init.hpp"

namespace roost::crypto {
namespace {

constexpr std::uint32_t kVersion = 0x13;

Error malformed(const std::string& why)
{
    return crypto_error(CryptoError::BadEncoding, "malformed Argon2 string: " + why);
}

// "name=number" with the expected name; nullopt-like false on anything else.
bool parse_field(std::string_view field, std::string_view name, std::uint32_t& out)
{
    if (field.size() <= name.size() + 1 || field.substr(0, name.size()) != name ||
        field[name.size()] != '=') {
        return false;
    }
    const std::string_view digits = field.substr(name.size() + 1);
    if (digits.size() > 1 && digits[0] == '0') {
        return false;  // no leading zeros: one spelling per value
    }
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

Result<std::string> argon2_hash(Argon2Variant variant, std::string_view password,
                                const Argon2Cost& cost)
{
    detail::ensure_sodium();
    const bool id = variant == Argon2Variant::Argon2id;
    const std::uint64_t ops_min =
        id ? crypto_pwhash_argon2id_OPSLIMIT_MIN : crypto_pwhash_argon2i_OPSLIMIT_MIN;
    const std::uint64_t ops_max =
        id ? crypto_pwhash_argon2id_OPSLIMIT_MAX : crypto_pwhash_argon2i_OPSLIMIT_MAX;
    const std::size_t mem_min =
        id ? crypto_pwhash_argon2id_MEMLIMIT_MIN : crypto_pwhash_argon2i_MEMLIMIT_MIN;
    const std::size_t mem_max =
        id ? crypto_pwhash_argon2id_MEMLIMIT_MAX : crypto_pwhash_argon2i_MEMLIMIT_MAX;
    if (cost.time < ops_min || cost.time > ops_max) {
        return crypto_error(CryptoError::BadParameter,
                            "Argon2 time cost must be " + std::to_string(ops_min) + ".." +
                                std::to_string(ops_max));
    }
    if (cost.memory_bytes < mem_min || cost.memory_bytes > mem_max) {
        return crypto_error(CryptoError::BadParameter, "Argon2 memory cost out of range");
    }
    char out[crypto_pwhash_STRBYTES] = {};
    const int alg = id ? crypto_pwhash_ALG_ARGON2ID13 : crypto_pwhash_ALG_ARGON2I13;
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.time,
                              cost.memory_bytes, alg) != 0) {
        return crypto_error(CryptoError::LibraryFailure, "Argon2 hashing failed (out of memory?)");
    }
    return std::string(out);
}

Result<Argon2Encoded> argon2_parse(std::string_view encoded)
{
    // "" / "argon2id" / "v=19" / "m=...,t=...,p=..." / salt / hash
    const auto parts = split(encoded, '$');
    if (parts.size() != 6 || !parts[0].empty()) {
        return malformed("expected $variant$v=..$m=..,t=..,p=..$salt$hash");
    }
    Argon2Encoded out;
    if (parts[1] == "argon2id") {
        out.variant = Argon2Variant::Argon2id;
    } else if (parts[1] == "argon2i") {
        out.variant = Argon2Variant::Argon2i;
    } else {
        return malformed("unknown variant");
    }
    if (!parse_field(parts[2], "v", out.version) || out.version != kVersion) {
        return malformed("version must be v=19");
    }
    const auto costs = split(parts[3], ',');
    if (costs.size() != 3 || !parse_field(costs[0], "m", out.memory_kib) ||
        !parse_field(costs[1], "t", out.time) || !parse_field(costs[2], "p", out.lanes)) {
        return malformed("expected m=..,t=..,p=..");
    }
    if (out.memory_kib == 0 || out.time == 0 || out.lanes == 0) {
        return malformed("costs must be positive");
    }
    auto salt = base64_decode(parts[4], Base64Padding::Unpadded);
    auto hash = base64_decode(parts[5], Base64Padding::Unpadded);
    if (!salt || !hash || salt->size() < crypto_pwhash_SALTBYTES || hash->size() < 4) {
        return malformed("bad salt or hash field");
    }
    out.salt = std::move(*salt);
    out.hash = std::move(*hash);
    return out;
}

Result<bool> argon2_verify(std::string_view encoded, std::string_view password)
{
    detail::ensure_sodium();
    const auto parsed = argon2_parse(encoded);
    if (!parsed) {
        return parsed.error();
    }
    if (parsed->lanes != 1) {
        return crypto_error(CryptoError::BadParameter, "Argon2 with more than one lane");
    }
    if (encoded.size() >= crypto_pwhash_STRBYTES) {
        return crypto_error(CryptoError::BadLength, "Argon2 string too long for libsodium");
    }
    // libsodium reads a NUL-terminated string of at most STRBYTES - 1 characters.
    char str[crypto_pwhash_STRBYTES] = {};
    std::memcpy(str, encoded.data(), encoded.size());
    return crypto_pwhash_str_verify(str, password.data(), password.size()) == 0;
}

}  // namespace roost::crypto
