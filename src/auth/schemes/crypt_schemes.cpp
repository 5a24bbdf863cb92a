// crypt(3) schemes: SHA512-CRYPT, SHA256-CRYPT, BLF-CRYPT, MD5-CRYPT, DES-CRYPT, CRYPT (which
// Dovecot 2.3 generates as bcrypt), and MD5 (MD5-CRYPT, or a bare MD5 digest when the value is
// not a "$1$" string). Like Dovecot, the SHA and plain CRYPT names verify any crypt(3) string
// the system supports; BLF-CRYPT and MD5-CRYPT insist on their own.
#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "auth/schemes/unix_crypt.hpp"
#include "crypto/base64.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"
#include "crypto/hex.hpp"

namespace roost::auth {
namespace {

struct CryptMethod {
    std::string_view name;
    const char* prefix;          // for generating: "$6$", "$2y$", "" (DES)
    unsigned default_rounds;     // 0: the method has no cost parameter
    unsigned min_rounds;
    unsigned max_rounds;
    std::string_view required;   // stored values must start with this ("" = any crypt string)
};

Result<bool> crypt_matches(std::string_view password, crypto::ByteView raw)
{
    const std::string stored = crypto::to_string(raw);
    auto computed = unix_crypt(password, stored);
    if (!computed) {
        // A NUL inside the typed password cannot be what was stored: a mismatch, not a fault.
        if (password.find('\0') != std::string_view::npos &&
            stored.find('\0') == std::string::npos) {
            return false;
        }
        return computed.error();
    }
    return crypto::equal(*computed, stored);
}

class CryptScheme final : public PasswordScheme {
public:
    explicit CryptScheme(const CryptMethod& method) : m_(method) {}

    std::string_view name() const override { return m_.name; }
    bool takes_rounds() const override { return m_.default_rounds != 0; }

    Result<crypto::Bytes> generate(std::string_view password,
                                   const SchemeArgs& args) const override
    {
        unsigned rounds = 0;
        if (m_.default_rounds != 0) {
            rounds = args.rounds == 0 ? m_.default_rounds : args.rounds;
            if (rounds < m_.min_rounds || rounds > m_.max_rounds) {
                return scheme_error(SchemeError::BadRounds,
                                    std::string(m_.name) + " rounds must be " +
                                        std::to_string(m_.min_rounds) + ".." +
                                        std::to_string(m_.max_rounds));
            }
        }
        auto setting = unix_crypt_setting(m_.prefix, rounds);
        if (!setting) {
            return setting.error();
        }
        auto hash = unix_crypt(password, *setting);
        if (!hash) {
            return scheme_error(SchemeError::CryptoFailure,
                                std::string(m_.name) + " hashing failed: " +
                                    hash.error().message);
        }
        return crypto::to_bytes(*hash);
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        const std::string_view stored(reinterpret_cast<const char*>(raw.data()), raw.size());
        if (stored.substr(0, m_.required.size()) != m_.required) {
            return scheme_error(SchemeError::Malformed, std::string(m_.name) +
                                                            " value must start with " +
                                                            std::string(m_.required));
        }
        return crypt_matches(password, raw);
    }

private:
    CryptMethod m_;
};

// "MD5": MD5-CRYPT when written "$1$...", else the plain MD5 digest in hex or base64.
class Md5Scheme final : public PasswordScheme {
public:
    std::string_view name() const override { return "MD5"; }

    Result<crypto::Bytes> generate(std::string_view password,
                                   const SchemeArgs& args) const override
    {
        return md5_crypt_.generate(password, args);
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs& args) const override
    {
        const std::string stored = crypto::to_string(raw);
        if (stored.starts_with("$1$")) {
            return md5_crypt_.matches(password, raw, args);
        }
        auto digest = stored.size() == 32 ? crypto::hex_decode(stored)
                                          : crypto::base64_decode(stored);
        if (!digest || digest->size() != 16) {
            return scheme_error(SchemeError::Malformed,
                                "MD5 value is neither $1$ crypt nor an MD5 digest");
        }
        auto computed = crypto::digest(crypto::DigestAlgorithm::Md5, password);
        if (!computed) {
            return scheme_error(SchemeError::CryptoFailure, computed.error().message);
        }
        return crypto::equal(*computed, *digest);
    }

private:
    CryptScheme md5_crypt_{{"MD5-CRYPT", "$1$", 0, 0, 0, "$1$"}};
};

}  // namespace

void add_crypt_schemes(SchemeRegistry& registry)
{
    constexpr unsigned kShaMax = 999999999;
    const CryptMethod methods[] = {
        {"SHA512-CRYPT", "$6$", 5000, 1000, kShaMax, ""},
        {"SHA256-CRYPT", "$5$", 5000, 1000, kShaMax, ""},
        {"BLF-CRYPT", "$2y$", 5, 4, 31, "$2"},
        {"CRYPT", "$2y$", 5, 4, 31, ""},
        {"MD5-CRYPT", "$1$", 0, 0, 0, "$1$"},
        {"DES-CRYPT", "", 0, 0, 0, ""},
    };
    for (const CryptMethod& m : methods) {
        registry.add(std::make_unique<CryptScheme>(m));
    }
    registry.add(std::make_unique<Md5Scheme>());
}

}  // namespace roost::auth
