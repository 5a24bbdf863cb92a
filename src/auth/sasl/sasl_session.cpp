// SaslSession: one exchange through libsasl2.
#include "auth/sasl/sasl_session.hpp"

#include <sasl/sasl.h>

#include "auth/sasl/sasl_glue.hpp"

namespace roost::auth {

SaslSession::SaslSession(CredentialSource& source, std::string mechanism)
    : source_(source), mechanism_(std::move(mechanism))
{
}

SaslSession::~SaslSession()
{
    if (conn_ != nullptr) {
        sasl_dispose(&conn_);
    }
}

Result<std::unique_ptr<SaslSession>> SaslSession::start(const RequestInfo& info, const std::string& mechanism,
                                                         const std::string& external_user, CredentialSource& source)
{
    std::unique_ptr<SaslSession> s(new SaslSession(source, mechanism));
    const std::string service = info.service.empty() ? "imap" : info.service;
    const int rc = sasl_server_new(service.c_str(), "localhost", nullptr, nullptr, nullptr, nullptr, 0, &s->conn_);
    if (rc != SASL_OK) {
        return Error{std::make_error_code(std::errc::io_error),
                     std::string("sasl_server_new: ") + sasl_errstring(rc, nullptr, nullptr)};
    }
    // TLS protects the session; libsasl2 adds no security layer of its own.
    sasl_security_properties_t props{};
    props.max_ssf = 0;
    props.maxbufsize = 0;
    sasl_setprop(s->conn_, SASL_SEC_PROPS, &props);
    if (!external_user.empty()) {
        const sasl_ssf_t ssf = 1;
        sasl_setprop(s->conn_, SASL_SSF_EXTERNAL, &ssf);
        sasl_setprop(s->conn_, SASL_AUTH_EXTERNAL, external_user.c_str());
    }
    return s;
}

SaslStep SaslSession::step(const std::optional<std::string>& client_data)
{
    sasl_glue::CurrentSession current(this);
    const char* out = nullptr;
    unsigned out_len = 0;
    int rc = 0;
    const char* in = client_data ? client_data->data() : nullptr;
    const auto in_len = static_cast<unsigned>(client_data ? client_data->size() : 0);
    if (!started_) {
        started_ = true;
        rc = sasl_server_start(conn_, mechanism_.c_str(), in, in_len, &out, &out_len);
    } else {
        rc = sasl_server_step(conn_, in != nullptr ? in : "", in_len, &out, &out_len);
    }
    return finish(rc, out, out_len);
}

SaslStep SaslSession::finish(int rc, const char* out, unsigned out_len)
{
    SaslStep s;
    switch (rc) {
    case SASL_CONTINUE:
        s.kind = SaslStep::Kind::Continue;
        s.challenge.assign(out != nullptr ? out : "", out_len);
        return s;
    case SASL_OK: {
        const void* user = nullptr;
        sasl_getprop(conn_, SASL_USERNAME, &user);
        s.kind = SaslStep::Kind::Success;
        s.user = user != nullptr ? static_cast<const char*>(user) : "";
        if (looked_up_) {
            // The passdb's name is the canonical one (after auth_username_format).
            if (!last_.user.empty()) {
                s.user = last_.user;
            }
            s.fields = last_.extra;
        }
        return s;
    }
    default:
        break;
    }
    const bool backend_broken = looked_up_ && last_.status == PassdbStatus::TempFail;
    s.kind = backend_broken ? SaslStep::Kind::TempFailure : SaslStep::Kind::Failure;
    s.user_known = looked_up_ && (last_.status == PassdbStatus::Ok || last_.status == PassdbStatus::PasswordMismatch);
    if (looked_up_) {
        s.user = last_.user;  // echoed in FAIL, as Dovecot does
    }
    s.reason = backend_broken ? last_.error : sasl_errstring(rc, nullptr, nullptr);
    return s;
}

}  // namespace roost::auth
