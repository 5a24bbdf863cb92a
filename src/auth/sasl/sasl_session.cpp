// SaslSession: one exchange through libsasl2.
#include "auth/sasl/sasl_session.hpp"

#include <sasl/sasl.h>

#include <ctime>

#include "auth/proto/apop.hpp"
#include "auth/sasl/sasl_glue.hpp"
#include "auth/schemes/password.hpp"
#include "crypto/constant_time.hpp"

namespace roost::auth {
namespace {

// A POP3 client has login_timeout (3 minutes by default) to answer the greeting.
constexpr std::time_t kApopChallengeLifetime = 15 * 60;

}  // namespace

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
    s->client_pid_ = info.client_pid;
    if (mechanism == "APOP") {
        return s;
    }
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
    if (mechanism_ == "APOP") {
        return apop_step(client_data);
    }
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

SaslStep SaslSession::apop_step(const std::optional<std::string>& client_data)
{
    SaslStep s;
    s.kind = SaslStep::Kind::Failure;
    const auto response = client_data ? proto::parse_apop_response(*client_data) : std::nullopt;
    if (!response) {
        s.reason = "APOP: malformed response";
        return s;
    }
    s.user = response->user;
    if (!proto::apop_challenge_valid(response->challenge, client_pid_, std::time(nullptr), kApopChallengeLifetime)) {
        s.reason = "APOP: invalid challenge";
        return s;
    }
    const PassdbResult found = source_.credentials(response->user);
    if (!found.user.empty()) {
        s.user = found.user;
    }
    switch (found.status) {
    case PassdbStatus::Ok: break;
    case PassdbStatus::TempFail:
        s.kind = SaslStep::Kind::TempFailure;
        s.reason = found.error;
        return s;
    case PassdbStatus::UserUnknown:
        s.reason = "unknown user";
        return s;
    case PassdbStatus::UserDisabled:
    case PassdbStatus::PasswordMismatch:
        s.user_known = true;
        s.reason = "user disabled";
        return s;
    }
    s.user_known = true;
    auto clear = stored_plaintext(found.password, found.default_scheme);
    if (!clear) {
        s.reason = "APOP: the password is not stored in a cleartext scheme";
        return s;
    }
    const bool match = crypto::equal(proto::apop_digest(response->challenge, *clear), response->digest);
    crypto::wipe(*clear);
    if (!match) {
        s.reason = "password mismatch";
        return s;
    }
    s.kind = SaslStep::Kind::Success;
    s.fields = found.extra;
    return s;
}

}  // namespace roost::auth
