// The password entry points: scheme lookup, prefix and encoding handling around the schemes.
#include "auth/schemes/password.hpp"

#include "auth/schemes/password_encoding.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "core/strings.hpp"
#include "crypto/constant_time.hpp"

namespace roost::auth {
namespace {

Result<const PasswordScheme*> find_scheme(const SchemeSpec& spec, const SchemeRegistry& registry)
{
    if (spec.name.empty()) {
        return scheme_error(SchemeError::UnknownScheme,
                            "password has no {SCHEME} prefix and there is no default scheme");
    }
    const PasswordScheme* scheme = registry.find(spec.name);
    if (scheme == nullptr) {
        return scheme_error(SchemeError::UnknownScheme, "unknown password scheme " + spec.name);
    }
    return scheme;
}

Error needs_user(const PasswordScheme& scheme)
{
    return scheme_error(SchemeError::NeedsUser,
                        std::string(scheme.name()) + " needs the user name");
}

}  // namespace

Result<std::string> hash_password(std::string_view scheme_spec, std::string_view password,
                                  const SchemeArgs& args, const SchemeRegistry& registry)
{
    const SchemeSpec spec = parse_scheme_spec(scheme_spec);
    auto scheme = find_scheme(spec, registry);
    if (!scheme) {
        return scheme.error();
    }
    const PasswordScheme& s = **scheme;
    if (s.needs_user() && args.user.empty()) {
        return needs_user(s);
    }
    auto raw = s.generate(password, args);
    if (!raw) {
        return raw.error();
    }
    const PasswordEncoding encoding = spec.encoding.value_or(s.encoding());
    return "{" + to_upper(scheme_spec) + "}" + encode_password(*raw, encoding);
}

Result<ResolvedPassword> resolve_password(std::string_view stored,
                                          std::string_view default_scheme,
                                          const SchemeRegistry& registry)
{
    const StoredPassword sp = split_stored_password(stored, default_scheme);
    auto scheme = find_scheme(sp.scheme, registry);
    if (!scheme) {
        return scheme.error();
    }
    auto raw = decode_password(sp.value, **scheme, sp.scheme.encoding);
    if (!raw) {
        return raw.error();
    }
    return ResolvedPassword{*scheme, std::move(*raw)};
}

Result<bool> verify_password(std::string_view password, std::string_view stored,
                             std::string_view default_scheme, const SchemeArgs& args,
                             const SchemeRegistry& registry)
{
    auto resolved = resolve_password(stored, default_scheme, registry);
    if (!resolved) {
        return resolved.error();
    }
    const PasswordScheme& scheme = *resolved->scheme;
    if (scheme.needs_user() && args.user.empty()) {
        return needs_user(scheme);
    }
    return scheme.matches(password, resolved->raw, args);
}

Result<std::string> stored_plaintext(std::string_view stored, std::string_view default_scheme,
                                     const SchemeRegistry& registry)
{
    auto resolved = resolve_password(stored, default_scheme, registry);
    if (!resolved) {
        return resolved.error();
    }
    if (resolved->scheme->name() != "PLAIN") {
        return scheme_error(SchemeError::Unavailable,
                            std::string(resolved->scheme->name()) +
                                " passwords do not hold the plaintext");
    }
    std::string plain = crypto::to_string(resolved->raw);
    crypto::wipe(resolved->raw);
    return plain;
}

}  // namespace roost::auth
