// SCRAM-SHA-1 and SCRAM-SHA-256: Dovecot's "iterations,salt,StoredKey,ServerKey" values, which
// let the SCRAM mechanisms run without the plaintext. Rounds set the iteration count (at least
// 4096, RFC 5802's and RFC 7677's floor for new credentials).
#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "auth/schemes/scram_credentials.hpp"
#include "crypto/random.hpp"

namespace roost::auth {
namespace {

constexpr unsigned kMinIterations = 4096;
constexpr unsigned kMaxIterations = 0x7fffffff;
constexpr std::size_t kSaltSize = 16;

class ScramScheme final : public PasswordScheme {
public:
    ScramScheme(std::string_view name, crypto::DigestAlgorithm algorithm)
        : name_(name), algorithm_(algorithm)
    {
    }

    std::string_view name() const override { return name_; }
    bool takes_rounds() const override { return true; }

    Result<crypto::Bytes> generate(std::string_view password,
                                   const SchemeArgs& args) const override
    {
        const unsigned iterations = args.rounds == 0 ? kMinIterations : args.rounds;
        if (iterations < kMinIterations || iterations > kMaxIterations) {
            return scheme_error(SchemeError::BadRounds,
                                std::string(name_) + " rounds must be at least 4096");
        }
        auto creds = ScramCredentials::derive(algorithm_, password,
                                              crypto::random_bytes(kSaltSize), iterations);
        if (!creds) {
            return creds.error();
        }
        return crypto::to_bytes(creds->serialize());
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        auto creds = ScramCredentials::parse(algorithm_, crypto::to_string(raw));
        if (!creds) {
            return creds.error();
        }
        return creds->matches(password);
    }

private:
    std::string_view name_;
    crypto::DigestAlgorithm algorithm_;
};

}  // namespace

void add_scram_schemes(SchemeRegistry& registry)
{
    registry.add(std::make_unique<ScramScheme>("SCRAM-SHA-1", crypto::DigestAlgorithm::Sha1));
    registry.add(std::make_unique<ScramScheme>("SCRAM-SHA-256", crypto::DigestAlgorithm::Sha256));
}

}  // namespace roost::auth
