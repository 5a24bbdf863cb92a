// Unsalted digest schemes: SHA (alias SHA1), SHA256, SHA512 and LDAP-MD5 in base64, PLAIN-MD5
// in hex. The same digest under either name; only the default encoding differs.
#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"

namespace roost::auth {
namespace {

class DigestScheme final : public PasswordScheme {
public:
    DigestScheme(std::string_view name, crypto::DigestAlgorithm algorithm,
                 PasswordEncoding encoding)
        : name_(name), algorithm_(algorithm), encoding_(encoding)
    {
    }

    std::string_view name() const override { return name_; }
    PasswordEncoding encoding() const override { return encoding_; }
    std::size_t raw_size() const override { return crypto::digest_size(algorithm_); }

    Result<crypto::Bytes> generate(std::string_view password, const SchemeArgs&) const override
    {
        auto d = crypto::digest(algorithm_, password);
        if (!d) {
            return scheme_error(SchemeError::CryptoFailure, d.error().message);
        }
        return std::move(*d);
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs& args) const override
    {
        auto d = generate(password, args);
        if (!d) {
            return d.error();
        }
        return crypto::equal(*d, raw);
    }

private:
    std::string_view name_;
    crypto::DigestAlgorithm algorithm_;
    PasswordEncoding encoding_;
};

}  // namespace

void add_digest_schemes(SchemeRegistry& registry)
{
    using crypto::DigestAlgorithm;
    registry.add(std::make_unique<DigestScheme>("SHA", DigestAlgorithm::Sha1,
                                                PasswordEncoding::Base64),
                 {"SHA1"});
    registry.add(std::make_unique<DigestScheme>("SHA256", DigestAlgorithm::Sha256,
                                                PasswordEncoding::Base64));
    registry.add(std::make_unique<DigestScheme>("SHA512", DigestAlgorithm::Sha512,
                                                PasswordEncoding::Base64));
    registry.add(std::make_unique<DigestScheme>("PLAIN-MD5", DigestAlgorithm::Md5,
                                                PasswordEncoding::Hex));
    registry.add(std::make_unique<DigestScheme>("LDAP-MD5", DigestAlgorithm::Md5,
                                                PasswordEncoding::Base64));
}

}  // namespace roost::auth
