// AuthSession: one login attempt's conversation with the auth service on its client socket
// (auth-client / login/login), from the handshake to OK or FAIL. Each attempt has its own
// connection, so attempts never wait for each other; the connection's cookie and the AUTH id
// then prove the login to auth-master when the worker asks (see handoff.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/proto/client_commands.hpp"
#include "auth/proto/server_replies.hpp"
#include "core/line_receiver.hpp"
#include "core/result.hpp"
#include "net/asio.hpp"

namespace roost::login {

namespace asio = net::asio;

class AuthSession {
public:
    // Connects to `socket_path` and completes the handshake (VERSION, MECH..., SPID, CUID,
    // COOKIE, DONE). Errors when the service is unreachable or speaks another major version.
    static asio::awaitable<Result<AuthSession>> connect(const std::string& socket_path);

    const std::vector<auth::proto::Mech>& mechanisms() const { return mechanisms_; }
    const std::string& cookie() const { return cookie_; }
    // The AUTH id used by begin(); unique within this process, as REQUEST needs.
    std::uint32_t auth_id() const { return auth_id_; }

    // Sends AUTH (its id is filled in) and returns the reply: Cont, Ok or Fail.
    asio::awaitable<Result<auth::proto::ClientReply>> begin(auth::proto::AuthCommand command);
    // Answers a Cont with the client's base64 response ("*" from the client means cancel:
    // the caller reports that itself and closes the session instead).
    asio::awaitable<Result<auth::proto::ClientReply>> respond(const std::string& base64);

    void close();

private:
    explicit AuthSession(asio::local::stream_protocol::socket socket);
    asio::awaitable<Result<std::string>> read_line();
    asio::awaitable<Result<auth::proto::ClientReply>> reply_for_request();

    asio::local::stream_protocol::socket socket_;
    LineReceiver lines_{65536, false};
    std::vector<auth::proto::Mech> mechanisms_;
    std::string cookie_;
    std::uint32_t auth_id_ = 0;
};

}  // namespace roost::login
