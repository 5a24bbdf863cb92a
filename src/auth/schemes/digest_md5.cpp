// The DIGEST-MD5 scheme and the secret lookup for the DIGEST-MD5 mechanism.
#include "auth/schemes/digest_md5.hpp"

#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"

namespace roost::auth {
namespace {

constexpr std::size_t kSecretSize = 16;

class DigestMd5Scheme final : public PasswordScheme {
public:
    std::string_view name() const override { return "DIGEST-MD5"; }
    PasswordEncoding encoding() const override { return PasswordEncoding::Hex; }
    std::size_t raw_size() const override { return kSecretSize; }
    bool needs_user() const override { return true; }

    Result<crypto::Bytes> generate(std::string_view password,
                                   const SchemeArgs& args) const override
    {
        if (args.user.empty()) {
            return scheme_error(SchemeError::NeedsUser, "DIGEST-MD5 needs the user name");
        }
        return digest_md5_secret(split_digest_md5_user(args.user), password);
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs& args) const override
    {
        auto mine = generate(password, args);
        if (!mine) {
            return mine.error();
        }
        return crypto::equal(*mine, raw);
    }
};

}  // namespace

void add_digest_md5_scheme(SchemeRegistry& registry)
{
    registry.add(std::make_unique<DigestMd5Scheme>());
}

DigestMd5User split_digest_md5_user(std::string_view user)
{
    const std::size_t at = user.rfind('@');
    if (at == std::string_view::npos) {
        return {user, {}};
    }
    return {user.substr(0, at), user.substr(at + 1)};
}

Result<crypto::Bytes> digest_md5_secret(const DigestMd5User& user, std::string_view password)
{
    crypto::Hasher h(crypto::DigestAlgorithm::Md5);
    h.update(user.name);
    h.update(":");
    h.update(user.realm);
    h.update(":");
    h.update(password);
    auto d = h.finish();
    if (!d) {
        return scheme_error(SchemeError::CryptoFailure, d.error().message);
    }
    return std::move(*d);
}

Result<crypto::Bytes> digest_md5_secret_for(std::string_view stored,
                                            std::string_view default_scheme,
                                            std::string_view user)
{
    auto resolved = resolve_password(stored, default_scheme);
    if (!resolved) {
        return resolved.error();
    }
    if (resolved->scheme->name() == "DIGEST-MD5") {
        return std::move(resolved->raw);
    }
    auto plain = stored_plaintext(stored, default_scheme);
    if (!plain) {
        return plain.error();
    }
    auto secret = digest_md5_secret(split_digest_md5_user(user), *plain);
    crypto::wipe(*plain);
    return secret;
}

}  // namespace roost::auth
