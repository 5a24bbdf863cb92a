// Checks a plaintext password against a stored one in any scheme the passdbs may hold:
// "{SCHEME}value", or a bare value in the passdb's default scheme.
#pragma once

#include <string_view>

#include "auth/passdb_chain.hpp"

namespace roost::auth {

// An empty stored password matches nothing (passdbs mark passwordless users with nopassword).
PasswordCheck verify_stored_password(std::string_view password, std::string_view stored,
                                     std::string_view default_scheme, std::string_view user);

}  // namespace roost::auth
