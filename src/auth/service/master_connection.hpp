// MasterConnection: one client of the auth-master or auth-userdb socket (the LDA, mail workers,
// roostadm, the master) asking for users: USER, PASS, LIST, and on auth-master REQUEST.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "auth/service/auth_server.hpp"
#include "core/line_receiver.hpp"
#include "net/asio.hpp"

namespace roost::auth {

class MasterConnection : public std::enable_shared_from_this<MasterConnection> {
public:
    MasterConnection(AuthServer& server, net::asio::local::stream_protocol::socket socket, ListenerKind kind);
    net::asio::awaitable<void> run();

    static constexpr std::size_t kMaxLine = 8192;

private:
    bool handle_line(const std::string& line);
    void send(std::string line);
    void write_next();

    AuthServer& server_;
    net::asio::local::stream_protocol::socket socket_;
    ListenerKind kind_;
    LineReceiver lines_{kMaxLine, false};
    bool version_seen_ = false;
    bool closed_ = false;
    std::deque<std::string> out_;
    bool writing_ = false;
};

}  // namespace roost::auth
