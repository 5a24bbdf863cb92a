// The PAM passdb: hands the user name and password to libpam, which checks them with whatever
// /etc/pam.d/<service> says (pam_unix for system users, pam_ldap, pam_sss ...).
#pragma once

#include <string>
#include <string_view>

#include "auth/db/passdb.hpp"
#include "core/result.hpp"

namespace roost::auth {

// `args = [session=yes] [setcred=yes] [failure_show_msg=yes] [*] [SERVICE_NAME]` as Dovecot
// writes them; max_requests= and cache_key= are accepted and ignored (Roost runs PAM in the
// auth process and has no auth cache).
struct PamArgs {
    std::string service = "roost";      // /etc/pam.d/<service>; Dovecot's default is "dovecot"
    bool service_from_request = false;  // "*": the request's service (imap, pop3, smtp ...)
    bool session = false;               // open and close a PAM session (for lastlog, pam_mkhomedir)
    bool setcred = false;               // establish and delete credentials
    bool failure_show_msg = false;      // return PAM's failure text as the `reason` extra field

    // Errors: an unknown key=value, two service names.
    static Result<PamArgs> parse(std::string_view args);
};

class PamPassdb final : public Passdb {
public:
    explicit PamPassdb(PamArgs args) : args_(std::move(args)) {}

    std::string_view driver() const override { return "pam"; }
    bool has_credentials() const override { return false; }
    bool verifies_itself() const override { return true; }

    // PAM cannot look a user up without a password: TempFail saying so (use allow_all_users=yes
    // with a static userdb, or a passwd userdb).
    PassdbResult lookup(const RequestInfo& request) override;

    // pam_authenticate, then pam_acct_mgmt (and the session and credentials when asked for).
    // Ok: the password is right and the account usable; `user` is PAM_USER afterwards (a module
    // may rename the user). PasswordMismatch: wrong password or unknown user, which are not told
    // apart. UserDisabled: the password was right but pam_acct_mgmt refused the account
    // (expired, password change required, pam_access ...), or authentication itself said
    // PAM_NEW_AUTHTOK_REQD / PAM_ACCT_EXPIRED. TempFail: PAM or a back end is broken or
    // unreachable (PAM_AUTHINFO_UNAVAIL, a missing module ...), `error` says how. PAM's own
    // failure delay is switched off: the auth service applies auth_failure_delay itself.
    // The password is never logged. Each call has its own PAM handle, so calls may run in
    // several threads at once (as far as the configured modules allow).
    PassdbResult verify(const RequestInfo& request, std::string_view password) override;

    const PamArgs& args() const { return args_; }

private:
    PamArgs args_;
};

}  // namespace roost::auth
