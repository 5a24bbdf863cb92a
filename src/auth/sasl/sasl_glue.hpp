// The bridge from libsasl2's callbacks to the session being stepped: libsasl2 calls back
// synchronously inside sasl_server_start/step, so the session is set around each call.
#pragma once

#include <string>
#include <string_view>

struct sasl_conn;
struct propctx;
struct sasl_server_params;

namespace roost::auth {

class SaslSession;

namespace sasl_glue {

// libsasl2 stores every callback as int (*)(void); the cast through void (*)() says so on purpose.
template <class F>
auto callback(F* fn)
{
    return reinterpret_cast<int (*)()>(reinterpret_cast<void (*)()>(fn));
}

// Sets the session libsasl2's callbacks act for while it lives (one per step).
class CurrentSession {
public:
    explicit CurrentSession(SaslSession* session);
    ~CurrentSession();
    CurrentSession(const CurrentSession&) = delete;
    CurrentSession& operator=(const CurrentSession&) = delete;
};

int checkpass(sasl_conn* conn, void* context, const char* user, const char* pass, unsigned pass_len, propctx* props);
int auxprop_lookup(sasl_server_params* params, unsigned flags, const std::string& user);

// The auxprop value libsasl2's SCRAM plugin reads ("SCRAM-SHA-256$iter:salt$stored:server")
// from Dovecot's stored form ("{SCRAM-SHA-256}iter,salt,stored,server"); "" when not SCRAM.
std::string scram_auth_password(std::string_view stored);
// The cleartext of a stored password written in a cleartext scheme ({PLAIN}, {CLEAR},
// {CLEARTEXT}, or no scheme with default PLAIN); nullopt-like "" with ok=false otherwise.
bool cleartext_of(std::string_view stored, std::string_view default_scheme, std::string& out);

}  // namespace sasl_glue
}  // namespace roost::auth
