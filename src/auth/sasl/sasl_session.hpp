// SaslSession: one authentication exchange run by libsasl2. Each step takes the client's bytes
// (already base64-decoded) and says: send this challenge, the user is authenticated, or it failed.
// Must only be used on the SASL thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/db/passdb.hpp"
#include "auth/db/request_info.hpp"
#include "auth/sasl/credential_source.hpp"
#include "core/result.hpp"

struct sasl_conn;

namespace roost::auth {

struct SaslStep {
    enum class Kind { Continue, Success, Failure, TempFailure };
    Kind kind = Kind::Failure;
    std::string challenge;  // raw bytes, for Continue
    std::string user;       // the authenticated user (Success), or the name that failed
    Fields fields;          // passdb extra fields of the user, for Success
    std::string reason;     // for the log, for Failure/TempFailure (never a password)
    bool user_known = false;  // for Failure: the user existed (a wrong password, not a bad name)
};

class SaslSession {
public:
    ~SaslSession();
    SaslSession(const SaslSession&) = delete;
    SaslSession& operator=(const SaslSession&) = delete;

    // Starts `mechanism` for a client; `external_user` is the TLS client certificate's user for
    // EXTERNAL (empty otherwise). The source must outlive the session.
    static Result<std::unique_ptr<SaslSession>> start(const RequestInfo& info, const std::string& mechanism,
                                                      const std::string& external_user, CredentialSource& source);

    // The first step takes the initial response, if the client sent one; later steps take the
    // client's answer to the last challenge.
    SaslStep step(const std::optional<std::string>& client_data);

private:
    SaslSession(CredentialSource& source, std::string mechanism);
    SaslStep finish(int rc, const char* out, unsigned out_len);
    // APOP is no SASL mechanism, so libsasl2 does not know it: checked here.
    SaslStep apop_step(const std::optional<std::string>& client_data);

    CredentialSource& source_;
    std::string mechanism_;
    sasl_conn* conn_ = nullptr;  // null for APOP
    std::uint32_t client_pid_ = 0;
    bool started_ = false;
    // Outcome of the last passdb call libsasl2 made through us, to tell a wrong password from a
    // broken back end when libsasl2 only says "failed".
    PassdbResult last_;
    bool looked_up_ = false;

    friend struct SaslCallbacks;
};

}  // namespace roost::auth
