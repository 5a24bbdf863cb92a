// ARGON2ID and ARGON2I: libsodium's "$argon2id$v=19$m=..,t=..,p=1$salt$hash" strings. Rounds
// set the time cost; memory stays at the scheme's default (64 MiB for ARGON2ID, 32 MiB for
// ARGON2I, what `doveadm pw` uses without -r). Like Dovecot, either name verifies either
// variant, since the string says which it is.
#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/argon2.hpp"
#include "crypto/crypto_error.hpp"

namespace roost::auth {
namespace {

class Argon2Scheme final : public PasswordScheme {
public:
    Argon2Scheme(std::string_view name, crypto::Argon2Variant variant, crypto::Argon2Cost cost)
        : name_(name), variant_(variant), default_cost_(cost)
    {
    }

    std::string_view name() const override { return name_; }
    bool takes_rounds() const override { return true; }

    Result<crypto::Bytes> generate(std::string_view password,
                                   const SchemeArgs& args) const override
    {
        crypto::Argon2Cost cost = default_cost_;
        if (args.rounds != 0) {
            cost.time = args.rounds;
        }
        auto hash = crypto::argon2_hash(variant_, password, cost);
        if (!hash) {
            const bool bad_cost = hash.error().code == crypto::CryptoError::BadParameter;
            return scheme_error(bad_cost ? SchemeError::BadRounds : SchemeError::CryptoFailure,
                                std::string(name_) + ": " + hash.error().message);
        }
        return crypto::to_bytes(*hash);
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        auto r = crypto::argon2_verify(crypto::to_string(raw), password);
        if (!r) {
            return scheme_error(SchemeError::Malformed,
                                std::string(name_) + ": " + r.error().message);
        }
        return *r;
    }

private:
    std::string_view name_;
    crypto::Argon2Variant variant_;
    crypto::Argon2Cost default_cost_;
};

}  // namespace

void add_argon2_schemes(SchemeRegistry& registry)
{
    registry.add(std::make_unique<Argon2Scheme>("ARGON2ID", crypto::Argon2Variant::Argon2id,
                                                crypto::Argon2Cost{3, 64U << 20}));
    registry.add(std::make_unique<Argon2Scheme>("ARGON2I", crypto::Argon2Variant::Argon2i,
                                                crypto::Argon2Cost{4, 32U << 20}));
}

}  // namespace roost::auth
