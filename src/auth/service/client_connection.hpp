// ClientConnection: one client of the auth-client socket (a login process, Postfix, the
// submission service) speaking Dovecot's auth protocol: handshake, AUTH/CONT, OK/FAIL.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "auth/service/auth_core.hpp"
#include "core/line_receiver.hpp"
#include "net/asio.hpp"

namespace roost::auth {

class AuthServer;

class ClientConnection : public std::enable_shared_from_this<ClientConnection> {
public:
    ClientConnection(AuthServer& server, net::asio::local::stream_protocol::socket socket);
    net::asio::awaitable<void> run();

    // Longest line accepted: SASL data of any mechanism Roost offers fits easily.
    static constexpr std::size_t kMaxLine = 16384;
    // A request waiting for the client's CONT longer than this is failed.
    static constexpr std::chrono::seconds kRequestTimeout{120};

private:
    bool handle_line(const std::string& line);
    void start_auth(proto::AuthCommand command);
    void continue_auth(const proto::ContCommand& command);
    void deliver(std::uint32_t id, AuthOutcome outcome, const std::string& remote_ip, bool no_penalty);
    void send(std::string line);
    void write_next();
    void arm_timeout(std::uint32_t id);
    void close();

    AuthServer& server_;
    net::asio::local::stream_protocol::socket socket_;
    ClientIdentity identity_;
    LineReceiver lines_{kMaxLine, false};
    bool version_seen_ = false;
    bool closed_ = false;
    std::deque<std::string> out_;
    bool writing_ = false;
    // Requests that exist (started, not yet answered with OK/FAIL), with their timeout timers.
    std::map<std::uint32_t, std::shared_ptr<net::asio::steady_timer>> requests_;
    std::map<std::uint32_t, std::pair<std::string, bool>> origins_;  // id -> (rip, no-penalty)
};

}  // namespace roost::auth
