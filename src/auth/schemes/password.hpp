// Hashing and checking passwords in Dovecot's stored forms: the entry points the auth service,
// the passdbs and `roostadm pw` call. A stored password is "{SCHEME}value" or a bare value in
// the passdb's default scheme; SCHEME may carry ".HEX", ".B64" or ".BASE64".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/schemes/password_scheme.hpp"
#include "auth/schemes/scheme_registry.hpp"
#include "auth/schemes/stored_password.hpp"
#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::auth {

// "{SCHEME}value" for `password`, e.g. hash_password("SHA512-CRYPT", pw) or
// hash_password("sha256.hex", pw); the prefix repeats `scheme_spec` in upper case. Salted
// schemes get a fresh random salt each call. Errors: UnknownScheme, BadRounds, NeedsUser
// (DIGEST-MD5 without args.user), CryptoFailure.
Result<std::string> hash_password(std::string_view scheme_spec, std::string_view password,
                                  const SchemeArgs& args = {},
                                  const SchemeRegistry& registry = SchemeRegistry::builtin());

// Whether `password` matches `stored`. A value without "{SCHEME}" is read in `default_scheme`
// (a passdb's scheme= setting, e.g. "CRYPT"). false means a wrong password; an error means the
// stored value cannot be used at all (UnknownScheme, Malformed, NeedsUser, CryptoFailure)
// and should be logged for the admin - its message holds neither password nor stored value.
// An empty stored value is just a value: passdbs decide what an empty password field means.
Result<bool> verify_password(std::string_view password, std::string_view stored,
                             std::string_view default_scheme, const SchemeArgs& args = {},
                             const SchemeRegistry& registry = SchemeRegistry::builtin());

// A stored password taken apart: its scheme and its raw (decoded) bytes.
struct ResolvedPassword {
    const PasswordScheme* scheme = nullptr;
    crypto::Bytes raw;
};

// Looks up the scheme of `stored` and decodes its value; UnknownScheme or Malformed.
Result<ResolvedPassword> resolve_password(std::string_view stored,
                                          std::string_view default_scheme,
                                          const SchemeRegistry& registry = SchemeRegistry::builtin());

// The password itself when `stored` is in a cleartext scheme (PLAIN, CLEAR, CLEARTEXT, with any
// encoding suffix). Unavailable for every other scheme, PLAIN-TRUNC included (it holds only a
// prefix of the password). Challenge-response mechanisms use it to derive their secrets.
Result<std::string> stored_plaintext(std::string_view stored, std::string_view default_scheme,
                                     const SchemeRegistry& registry = SchemeRegistry::builtin());

}  // namespace roost::auth
