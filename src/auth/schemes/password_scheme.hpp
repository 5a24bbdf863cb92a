// PasswordScheme: one way of storing a password ("SHA512-CRYPT", "SSHA256", "SCRAM-SHA-256" ...)
// as Dovecot 2.3 names and spells them. Schemes work on raw stored bytes; the text encoding
// (none, hex, base64) around them is applied by password.cpp, as Dovecot's ".HEX"/".B64"
// suffixes allow.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::auth {

// How a scheme's raw bytes are written after the "{SCHEME}" prefix.
enum class PasswordEncoding { None, Hex, Base64 };

// What some schemes need besides the password.
struct SchemeArgs {
    std::string_view user;  // DIGEST-MD5 mixes it in ("name@realm")
    unsigned rounds = 0;    // cost for schemes that have one; 0 means the scheme's default
};

class PasswordScheme {
public:
    virtual ~PasswordScheme() = default;

    // The canonical upper-case name, e.g. "SHA512-CRYPT".
    virtual std::string_view name() const = 0;
    // The encoding used when the stored value has no ".HEX"/".B64" suffix.
    virtual PasswordEncoding encoding() const { return PasswordEncoding::None; }
    // The decoded size every value has (digests), or 0 when it varies. Decoding uses it to tell
    // a hex value from a base64 one, as Dovecot accepts either for fixed-size digests.
    virtual std::size_t raw_size() const { return 0; }
    // Whether generate() and matches() need SchemeArgs::user.
    virtual bool needs_user() const { return false; }
    // Whether SchemeArgs::rounds changes anything.
    virtual bool takes_rounds() const { return false; }

    // The raw stored value for `password`, with a fresh random salt where the scheme has one.
    // Errors: BadRounds, NeedsUser, CryptoFailure.
    virtual Result<crypto::Bytes> generate(std::string_view password,
                                           const SchemeArgs& args) const = 0;

    // Whether `password` matches the raw stored value; comparisons of secrets take constant
    // time. Errors (Malformed, NeedsUser, CryptoFailure) mean the value is unusable, never
    // that the password is wrong.
    virtual Result<bool> matches(std::string_view password, crypto::ByteView raw,
                                 const SchemeArgs& args) const = 0;
};

}  // namespace roost::auth
