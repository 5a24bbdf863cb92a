// The bridge from libsasl2's callbacks to the session being stepped.
#include "auth/sasl/sasl_glue.hpp"

#include <sasl/sasl.h>
#include <sasl/saslplug.h>

#include <cstring>
#include <optional>

#include "auth/sasl/sasl_session.hpp"
#include "auth/schemes/password.hpp"
#include "auth/schemes/scram_credentials.hpp"
#include "core/strings.hpp"

namespace roost::auth {

// libsasl2 reaches the session's private state only through this.
struct SaslCallbacks {
    static PassdbResult verify(SaslSession& s, const std::string& user, std::string_view pass)
    {
        s.last_ = s.source_.verify_plain(user, pass);
        s.looked_up_ = true;
        return s.last_;
    }
    static PassdbResult credentials(SaslSession& s, const std::string& user)
    {
        s.last_ = s.source_.credentials(user);
        s.looked_up_ = true;
        return s.last_;
    }
    // Only challenge-response mechanisms need the stored secret: plaintext ones check passwords
    // through checkpass, ANONYMOUS and EXTERNAL use no password at all.
    static bool needs_secret(const SaslSession& s)
    {
        return s.mechanism_ == "CRAM-MD5" || s.mechanism_.rfind("SCRAM-", 0) == 0;
    }
};

namespace sasl_glue {
namespace {

thread_local SaslSession* g_current = nullptr;

void set_prop(sasl_server_params_t* params, const char* name, const std::string& value)
{
    params->utils->prop_erase(params->propctx, name);
    params->utils->prop_set(params->propctx, name, value.data(), static_cast<int>(value.size()));
}

}  // namespace

CurrentSession::CurrentSession(SaslSession* session) { g_current = session; }
CurrentSession::~CurrentSession() { g_current = nullptr; }

int checkpass(sasl_conn*, void*, const char* user, const char* pass, unsigned pass_len, propctx*)
{
    if (g_current == nullptr) {
        return SASL_FAIL;
    }
    const PassdbResult r = SaslCallbacks::verify(*g_current, user, std::string_view(pass, pass_len));
    switch (r.status) {
    case PassdbStatus::Ok: return SASL_OK;
    case PassdbStatus::PasswordMismatch: return SASL_BADAUTH;
    case PassdbStatus::UserUnknown: return SASL_NOUSER;
    case PassdbStatus::UserDisabled: return SASL_DISABLED;
    case PassdbStatus::TempFail: return SASL_FAIL;
    }
    return SASL_FAIL;
}

int auxprop_lookup(sasl_server_params* params, unsigned flags, const std::string& user)
{
    // Properties of an authorization id (flag set) are not ours to give.
    if (g_current == nullptr || (flags & SASL_AUXPROP_AUTHZID) != 0 || !SaslCallbacks::needs_secret(*g_current)) {
        return SASL_OK;
    }
    const PassdbResult r = SaslCallbacks::credentials(*g_current, user);
    if (r.status == PassdbStatus::UserUnknown) {
        return SASL_NOUSER;
    }
    if (r.status != PassdbStatus::Ok) {
        return SASL_FAIL;
    }
    std::string clear;
    const bool have_clear = cleartext_of(r.password, r.default_scheme, clear);
    const std::string scram = scram_auth_password(r.password);
    for (const propval* p = params->utils->prop_get(params->propctx); p != nullptr && p->name != nullptr; ++p) {
        if (std::strcmp(p->name, "*userPassword") == 0 && have_clear) {
            set_prop(params, p->name, clear);
        } else if (std::strcmp(p->name, "*authPassword") == 0 && !scram.empty()) {
            set_prop(params, p->name, scram);
        }
    }
    return SASL_OK;
}

std::string scram_auth_password(std::string_view stored)
{
    const StoredPassword parsed = split_stored_password(stored, "");
    const auto algorithm = parsed.scheme.name == "SCRAM-SHA-1"     ? crypto::DigestAlgorithm::Sha1
                           : parsed.scheme.name == "SCRAM-SHA-256" ? crypto::DigestAlgorithm::Sha256
                                                                  : std::optional<crypto::DigestAlgorithm>();
    if (!algorithm || !ScramCredentials::parse(*algorithm, parsed.value)) {
        return {};
    }
    // libsasl2's form: SCHEME$iterations:salt$StoredKey:ServerKey, all base64 as stored.
    const auto parts = split(parsed.value, ',');
    return parsed.scheme.name + "$" + std::string(parts[0]) + ":" + std::string(parts[1]) + "$" +
           std::string(parts[2]) + ":" + std::string(parts[3]);
}

bool cleartext_of(std::string_view stored, std::string_view default_scheme, std::string& out)
{
    auto clear = stored_plaintext(stored, default_scheme);
    if (!clear) {
        return false;
    }
    out = std::move(*clear);
    return true;
}

}  // namespace sasl_glue
}  // namespace roost::auth
