// SchemeError: why a password scheme could not hash or check a password, as a std::error_code
// category (STYLE.md #6). A wrong password is never an error: verify calls return false.
#pragma once

#include <string>
#include <system_error>

#include "core/result.hpp"

namespace roost::auth {

enum class SchemeError {
    Ok = 0,
    UnknownScheme,   // "{FOO}..." or -s FOO: no such scheme (or no scheme and no default)
    Malformed,       // the stored value cannot be a value of its scheme (bad encoding, length,
                     // field count, crypt(3) setting ...)
    NeedsUser,       // the scheme mixes the user name in (DIGEST-MD5) and none was given
    BadRounds,       // a rounds / cost value outside what the scheme accepts
    Unavailable,     // the scheme cannot provide what was asked (e.g. a CRAM-MD5 context from
                     // a one-way hash)
    CryptoFailure,   // the crypto library refused (out of memory, algorithm disabled)
};

const std::error_category& scheme_category();

inline std::error_code make_error_code(SchemeError e)
{
    return {static_cast<int>(e), scheme_category()};
}

// An Error with a SchemeError code. Messages name schemes, never passwords or stored values.
Error scheme_error(SchemeError code, std::string message);

}  // namespace roost::auth

template <>
struct std::is_error_code_enum<roost::auth::SchemeError> : std::true_type {};
