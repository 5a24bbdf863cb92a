// SaslEngine: libsasl2 set up once per process as the mechanism engine behind Roost's passdb.
// Plaintext mechanisms reach the passdb through libsasl2's checkpass callback, challenge-response
// ones through an in-process auxprop plugin that hands libsasl2 the stored secret. libsasl2 is
// not asynchronous, so every call into it runs on one thread (the auth service's SASL thread).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace roost::auth {

struct MechanismInfo {
    std::string name;                // PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1, ...
    std::vector<std::string> flags;  // as the auth protocol's MECH line: plaintext, dictionary ...
    bool plaintext = false;          // sends the password in clear (needs TLS by policy)
    bool needs_credentials = false;  // needs the stored secret, not just a password check
};

class SaslEngine {
public:
    // Initialises libsasl2 for `service_name` with the mechanisms asked for (case-insensitive,
    // as auth_mechanisms lists them). Errors name mechanisms libsasl2 cannot provide.
    static Result<SaslEngine*> init(const std::vector<std::string>& mechanisms);

    const std::vector<MechanismInfo>& mechanisms() const { return mechanisms_; }
    const MechanismInfo* find(const std::string& name) const;

private:
    std::vector<MechanismInfo> mechanisms_;
};

}  // namespace roost::auth
