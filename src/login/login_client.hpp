// LoginClient: one client of a login process, from accept to hand-off, with what every protocol
// needs before authentication: line reading with a limit, STARTTLS, the plaintext-auth policy,
// a SASL exchange with the auth service, and the hand-over to the user's mail worker.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "login/auth_session.hpp"
#include "login/client_stream.hpp"
#include "login/tls_settings.hpp"

namespace roost::login {

// Shared by every client of one login process.
struct LoginEnv {
    std::string protocol;       // "imap", "pop3"
    std::string auth_socket;    // the auth service's client socket (login/login)
    std::string worker_socket;  // the worker service's hand-off socket (login/imap)
    std::shared_ptr<net::TlsContext> tls;  // null when ssl = no
    TlsMode tls_mode = TlsMode::Offered;
    std::string cert_username_field = "commonName";
    bool disable_plaintext_auth = true;
    std::vector<std::string> trusted_networks;  // login_trusted_networks
    std::string greeting = "Roost ready.";
    std::size_t max_line = 65536;
    // From connect to hand-off, as Dovecot's login processes allow (3 minutes): a client that
    // has not logged in by then is disconnected.
    std::chrono::seconds login_timeout{180};
    // The configuration, for protocol settings the shared code does not know (valid for the
    // life of the process).
    const config::Config* config = nullptr;
};

// How a SASL exchange ended.
struct AuthOutcome {
    enum class Kind { Ok, Failed, Aborted, TempFail } kind = Kind::Failed;
    std::string reason;  // for the client: the auth service's reason= or a generic text
    std::string user;    // after Ok
};

class LoginClient {
public:
    // Starts the login timeout: when it expires the connection is closed and every pending
    // read or write of this client fails.
    LoginClient(const LoginEnv& env, tcp::socket socket);

    const LoginEnv& env() const { return env_; }
    ClientStream& stream() { return stream_; }
    const std::string& local_ip() const { return local_ip_; }
    const std::string& remote_ip() const { return remote_ip_; }

    // The next line without CR LF; an error at end of stream. A line longer than max_line is
    // discarded without being buffered and comes back as nullopt once its end arrives.
    asio::awaitable<Result<std::optional<std::string>>> read_line();
    // Whatever bytes are there (buffered first), for protocols with their own receiver (IMAP).
    asio::awaitable<Result<std::string>> read_bytes();
    // Gives back bytes a protocol's receiver read but did not use (pipelined commands after a
    // login): they go to the worker with the hand-off.
    void unread(std::string bytes) { buffer_.insert(0, bytes); }
    // Whether bytes were read that no line or read_bytes() returned yet.
    bool has_buffered_input() const { return !buffer_.empty(); }
    asio::awaitable<bool> send(std::string_view bytes);

    // TLS on this connection now (implicit TLS, or STARTTLS after the protocol's "go ahead").
    asio::awaitable<Result<void>> start_tls();
    // TLS, or a client on this host (its address is ours), or one from login_trusted_networks.
    bool secured() const;
    // Whether plaintext mechanisms (LOGIN command, USER/PASS, PLAIN, LOGIN) may be used now.
    bool plaintext_allowed() const { return !env_.disable_plaintext_auth || secured(); }

    // The SASL mechanisms to offer now (from the auth service, asked once per process):
    // plaintext ones only when plaintext_allowed(). Empty when auth is unreachable.
    asio::awaitable<std::vector<std::string>> mechanisms();
    // Whether the auth service runs `name`, listed or "private" (APOP, which no list shows).
    asio::awaitable<bool> auth_offers(const std::string& name);

    // The client's next SASL response for a challenge (base64 both ways); nullopt when the
    // client cancelled ("*") or went away.
    using Responder = std::function<asio::awaitable<std::optional<std::string>>(const std::string& challenge)>;
    // Runs `mechanism` with the auth service. Each client gets its own auth connection, kept
    // until hand_over() since the worker proves the login with it.
    asio::awaitable<AuthOutcome> authenticate(const std::string& mechanism, std::optional<std::string> initial,
                                              const Responder& respond);
    // The Responder of line protocols (POP3 "+ ", SMTP "334 "): the challenge after `prefix` on
    // a line, the client's answer on the next; "*" cancels.
    Responder line_responder(std::string prefix);

    // Hands the logged-in client to its worker (relaying TLS until the session ends). An error
    // means the client is still here: tell it and close.
    // `tag`: IMAP's LOGIN/AUTHENTICATE tag, which the worker's OK must carry.
    // `helo`: submission's EHLO domain, for the worker's Received: header.
    asio::awaitable<Result<void>> hand_over(const std::string& tag = {}, const std::string& helo = {});

private:
    const LoginEnv& env_;
    asio::awaitable<Result<void>> read_more();

    ClientStream stream_;
    std::string buffer_;  // read from the client, not yet used
    bool discarding_ = false;
    std::string local_ip_;
    std::string remote_ip_;
    unsigned local_port_ = 0;
    unsigned remote_port_ = 0;
    std::optional<AuthSession> auth_;
    asio::steady_timer login_deadline_;
};

}  // namespace roost::login
