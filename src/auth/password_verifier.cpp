// Checking plaintext passwords against stored ones: the passdb chain's view of the scheme
// registry (auth/schemes/), which knows every scheme Dovecot writes.
#include "auth/password_verifier.hpp"

#include "auth/schemes/password.hpp"

namespace roost::auth {

PasswordCheck verify_stored_password(std::string_view password, std::string_view stored,
                                     std::string_view default_scheme, std::string_view user)
{
    // An empty value, with or without "{SCHEME}", never matches: passdbs mark users who need
    // no password with nopassword, not with an empty hash.
    const auto split = split_stored_password(stored, default_scheme);
    if (split.value.empty()) {
        return PasswordCheck::Mismatch;
    }
    const auto matched = verify_password(password, stored, default_scheme, SchemeArgs{.user = user});
    if (!matched) {
        return PasswordCheck::Unusable;
    }
    return *matched ? PasswordCheck::Match : PasswordCheck::Mismatch;
}

}  // namespace roost::auth
