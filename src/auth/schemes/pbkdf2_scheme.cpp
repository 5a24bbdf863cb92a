// PBKDF2 as Dovecot stores it: "$1$salt$rounds$hex", PBKDF2-HMAC-SHA1 of the password with the
// salt text, 20 bytes written as 40 hex digits.
#include <charconv>

#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "core/strings.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/hex.hpp"
#include "crypto/hmac.hpp"
#include "crypto/random.hpp"

namespace roost::auth {
namespace {

constexpr unsigned kDefaultRounds = 5000;
constexpr unsigned kMaxRounds = 0x7fffffff;  // what OpenSSL's int iteration count allows
constexpr std::size_t kSaltLength = 16;
constexpr std::size_t kHashSize = 20;
constexpr std::string_view kSaltAlphabet =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

Error malformed(const char* why)
{
    return scheme_error(SchemeError::Malformed, std::string("PBKDF2 value ") + why);
}

Result<crypto::Bytes> derive(std::string_view password, std::string_view salt, unsigned rounds)
{
    auto key = crypto::pbkdf2(crypto::DigestAlgorithm::Sha1, password, crypto::as_bytes(salt),
                              rounds, kHashSize);
    if (!key) {
        return scheme_error(SchemeError::CryptoFailure, key.error().message);
    }
    return std::move(*key);
}

class Pbkdf2Scheme final : public PasswordScheme {
public:
    std::string_view name() const override { return "PBKDF2"; }
    bool takes_rounds() const override { return true; }

    Result<crypto::Bytes> generate(std::string_view password,
                                   const SchemeArgs& args) const override
    {
        const unsigned rounds = args.rounds == 0 ? kDefaultRounds : args.rounds;
        if (rounds > kMaxRounds) {
            return scheme_error(SchemeError::BadRounds, "PBKDF2 rounds out of range");
        }
        const std::string salt = crypto::random_string(kSaltLength, kSaltAlphabet);
        auto key = derive(password, salt, rounds);
        if (!key) {
            return key.error();
        }
        return crypto::to_bytes("$1$" + salt + "$" + std::to_string(rounds) + "$" +
                                crypto::hex_encode(*key));
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        const std::string stored = crypto::to_string(raw);
        const auto parts = split(stored, '$');  // "", "1", salt, rounds, hash
        if (parts.size() != 5 || !parts[0].empty() || parts[1] != "1") {
            return malformed("is not $1$salt$rounds$hash");
        }
        unsigned rounds = 0;
        const std::string_view digits = parts[3];
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), rounds);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
            rounds == 0 || rounds > kMaxRounds) {
            return malformed("has a bad round count");
        }
        const auto expected = crypto::hex_decode(parts[4]);
        if (!expected || expected->size() != kHashSize) {
            return malformed("hash is not 40 hex digits");
        }
        auto key = derive(password, parts[2], rounds);
        if (!key) {
            return key.error();
        }
        return crypto::equal(*key, *expected);
    }
};

}  // namespace

void add_pbkdf2_scheme(SchemeRegistry& registry)
{
    registry.add(std::make_unique<Pbkdf2Scheme>());
}

}  // namespace roost::auth
