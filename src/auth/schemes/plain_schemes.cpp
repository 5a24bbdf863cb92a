// Cleartext schemes: PLAIN (alias CLEAR, CLEARTEXT) and PLAIN-TRUNC, which stores a password
// some older system cut to N characters as "N-password".
#include <charconv>

#include "auth/schemes/builtin_schemes.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/constant_time.hpp"

namespace roost::auth {
namespace {

class PlainScheme final : public PasswordScheme {
public:
    std::string_view name() const override { return "PLAIN"; }

    Result<crypto::Bytes> generate(std::string_view password, const SchemeArgs&) const override
    {
        return crypto::to_bytes(password);
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        return crypto::equal(crypto::as_bytes(password), raw);
    }
};

class PlainTruncScheme final : public PasswordScheme {
public:
    std::string_view name() const override { return "PLAIN-TRUNC"; }

    Result<crypto::Bytes> generate(std::string_view password, const SchemeArgs&) const override
    {
        if (password.empty()) {
            return scheme_error(SchemeError::Unavailable,
                                "PLAIN-TRUNC cannot store an empty password");
        }
        // Dovecot's own generator leaves the length out and then fails to verify its output;
        // writing it makes the value usable by both.
        return crypto::to_bytes(std::to_string(password.size()) + "-" + std::string(password));
    }

    Result<bool> matches(std::string_view password, crypto::ByteView raw,
                         const SchemeArgs&) const override
    {
        const std::string_view stored(reinterpret_cast<const char*>(raw.data()), raw.size());
        const std::size_t dash = stored.find('-');
        std::size_t length = 0;
        if (dash == std::string_view::npos || dash == 0) {
            return scheme_error(SchemeError::Malformed, "PLAIN-TRUNC value lacks its length-");
        }
        const auto [end, ec] = std::from_chars(stored.data(), stored.data() + dash, length);
        // Length 0 would accept every password: never what an admin meant to store.
        if (ec != std::errc() || end != stored.data() + dash || length == 0) {
            return scheme_error(SchemeError::Malformed, "PLAIN-TRUNC value lacks its length-");
        }
        const std::string_view value = stored.substr(dash + 1);
        if (value.size() > length) {
            return scheme_error(SchemeError::Malformed,
                                "PLAIN-TRUNC value is longer than its length");
        }
        // The user types the whole password; the system it came from kept only `length`
        // characters of it.
        return crypto::equal(password.substr(0, length), value);
    }
};

}  // namespace

void add_plain_schemes(SchemeRegistry& registry)
{
    registry.add(std::make_unique<PlainScheme>(), {"CLEAR", "CLEARTEXT"});
    registry.add(std::make_unique<PlainTruncScheme>());
}

}  // namespace roost::auth
