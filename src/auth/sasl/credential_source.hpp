// What a SASL exchange needs from the user databases: checking a plaintext password, and the
// stored secret for challenge-response mechanisms. Implemented by the passdb chain; called on
// the SASL thread while libsasl2 runs a step.
#pragma once

#include <string>
#include <string_view>

#include "auth/db/passdb.hpp"

namespace roost::auth {

class CredentialSource {
public:
    virtual ~CredentialSource() = default;
    // PLAIN, LOGIN: is `password` right for `user`? status Ok carries the user's passdb fields.
    virtual PassdbResult verify_plain(const std::string& user, std::string_view password) = 0;
    // CRAM-MD5, SCRAM-*: the stored password (with its {SCHEME}) for `user`.
    virtual PassdbResult credentials(const std::string& user) = 0;
};

}  // namespace roost::auth
