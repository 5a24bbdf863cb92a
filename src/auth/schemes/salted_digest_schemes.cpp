// Salted digest schemes as LDAP writes them: base64(digest(password + salt) + salt) for SSHA,
// SSHA256, SSHA512 and SMD5 (MD5).
#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace roost::auth {
namespace {

// Dovecot and OpenLDAP use 4 bytes; any length verifies, and 8 costs nothing.
constexpr std::size_t kSaltSize = 8;

class SaltedDigestScheme final : public PasswordScheme {
public:
    SaltedDigestScheme(std::string_view name, crypto::DigestAlgorithm algorithm)
        : name_(name), algorithm_(algorithm)
    {
    }

    std::string_view name() const override { return name_; }
    PasswordEncoding encoding() const override { return PasswordEncoding::Base64; }

    Result<crypto::Bytes> generate(std::string_view password, const SchemeArgs&) const override
    {
        const crypto::Bytes salt = crypto::random_bytes(kSaltSize);
        auto d = salted_digest(password, salt);
        if (!d) {
            return d.error();
        }
        d->insert(d->end(), salt.begin(), salt.end());
        return std::move(*d);
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        const std::size_t size = crypto::digest_size(algorithm_);
        if (raw.size() <= size) {
            return scheme_error(SchemeError::Malformed,
                                std::string(name_) + " value is too short to hold a salt");
        }
        auto d = salted_digest(password, raw.subspan(size));
        if (!d) {
            return d.error();
        }
        return crypto::equal(*d, raw.first(size));
    }

private:
    Result<crypto::Bytes> salted_digest(std::string_view password, crypto::ByteView salt) const
    {
        crypto::Hasher h(algorithm_);
        h.update(password);
        h.update(salt);
        auto d = h.finish();
        if (!d) {
            return scheme_error(SchemeError::CryptoFailure, d.error().message);
        }
        return std::move(*d);
    }

    std::string_view name_;
    crypto::DigestAlgorithm algorithm_;
};

}  // namespace

void add_salted_digest_schemes(SchemeRegistry& registry)
{
    using crypto::DigestAlgorithm;
    registry.add(std::make_unique<SaltedDigestScheme>("SSHA", DigestAlgorithm::Sha1));
    registry.add(std::make_unique<SaltedDigestScheme>("SSHA256", DigestAlgorithm::Sha256));
    registry.add(std::make_unique<SaltedDigestScheme>("SSHA512", DigestAlgorithm::Sha512));
    registry.add(std::make_unique<SaltedDigestScheme>("SMD5", DigestAlgorithm::Md5));
}

}  // namespace roost::auth
