// The CRAM-MD5 scheme and the context lookup for the CRAM-MD5 mechanism.
#include "auth/schemes/cram_md5.hpp"

#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/constant_time.hpp"

namespace roost::auth {
namespace {

class CramMd5Scheme final : public PasswordScheme {
public:
    std::string_view name() const override { return "CRAM-MD5"; }
    PasswordEncoding encoding() const override { return PasswordEncoding::Hex; }
    std::size_t raw_size() const override { return crypto::HmacMd5Context::kSerializedSize; }

    Result<crypto::Bytes> generate(std::string_view password, const SchemeArgs&) const override
    {
        return crypto::HmacMd5Context::from_key(password).serialize();
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        crypto::Bytes mine = crypto::HmacMd5Context::from_key(password).serialize();
        const bool same = crypto::equal(mine, raw);
        crypto::wipe(mine);
        return same;
    }
};

}  // namespace

void add_cram_md5_scheme(SchemeRegistry& registry)
{
    registry.add(std::make_unique<CramMd5Scheme>(), {"HMAC-MD5"});
}

Result<crypto::HmacMd5Context> cram_md5_context_for(std::string_view stored,
                                                    std::string_view default_scheme)
{
    auto resolved = resolve_password(stored, default_scheme);
    if (!resolved) {
        return resolved.error();
    }
    if (resolved->scheme->name() == "CRAM-MD5") {
        auto ctx = crypto::HmacMd5Context::parse(resolved->raw);
        if (!ctx) {
            return scheme_error(SchemeError::Malformed, ctx.error().message);
        }
        return std::move(*ctx);
    }
    auto plain = stored_plaintext(stored, default_scheme);
    if (!plain) {
        return plain.error();
    }
    auto ctx = crypto::HmacMd5Context::from_key(*plain);
    crypto::wipe(*plain);
    return ctx;
}

}  // namespace roost::auth
