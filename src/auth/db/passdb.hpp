// Passdb: where passwords come from. A driver either knows the stored password (passwd-file,
// static, shadow: then any mechanism can use it) or can only check one (PAM: plaintext
// mechanisms only). Drivers are called off the event loop and may block.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "auth/db/fields.hpp"
#include "auth/db/request_info.hpp"

namespace roost::auth {

enum class PassdbStatus {
    Ok,                // the user exists (and the password matched, for verify)
    PasswordMismatch,  // the user exists, the password is wrong
    UserUnknown,
    UserDisabled,      // e.g. a PAM account that is locked or expired
    TempFail,          // the back end is unreachable or broken: try again later
};

struct PassdbResult {
    PassdbStatus status = PassdbStatus::UserUnknown;
    std::string user;            // the canonical name, which a driver may change
    std::string password;        // the stored password with its {SCHEME}, when the driver has it
    std::string default_scheme;  // scheme of a password stored without {SCHEME}
    Fields extra;                // extra fields: nologin, allow_nets=, userdb_* ...
    std::string error;           // for TempFail: what went wrong (logged, never sent)
};

class Passdb {
public:
    virtual ~Passdb() = default;
    virtual std::string_view driver() const = 0;

    // Whether lookup() returns stored passwords (so challenge-response mechanisms work).
    virtual bool has_credentials() const { return true; }

    // The user's entry, without checking any password.
    virtual PassdbResult lookup(const RequestInfo& request) = 0;

    // Checks a plaintext password. The default looks the entry up and leaves the comparison
    // to the caller (status Ok with the stored password); drivers that can only check (PAM)
    // override it and answer Ok or PasswordMismatch themselves.
    virtual PassdbResult verify(const RequestInfo& request, std::string_view password)
    {
        (void)password;
        return lookup(request);
    }
    // True when verify() compares the password itself.
    virtual bool verifies_itself() const { return false; }
};

}  // namespace roost::auth
