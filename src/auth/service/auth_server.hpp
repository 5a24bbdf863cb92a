// AuthServer: the auth service's sockets. Connections live on the event loop thread; every
// passdb/userdb/SASL call is posted to one database thread (AuthCore) and its answer posted back,
// so a slow PAM or crypt() never stalls other clients.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "auth/service/auth_core.hpp"
#include "auth/service/penalty.hpp"
#include "core/unique_fd.hpp"
#include "net/asio.hpp"

namespace roost::auth {

// What a listening socket serves, decided by its name as in Dovecot: "auth-master" (everything,
// including login hand-off), "auth-userdb" (user and password lookups), anything else the
// client protocol (login processes, Postfix, submission).
enum class ListenerKind { Client, Master, Userdb };
ListenerKind listener_kind(const std::string& path);

class AuthServer {
public:
    AuthServer(net::asio::io_context& io, std::unique_ptr<AuthCore> core, const AuthSettings& settings);
    ~AuthServer();
    AuthServer(const AuthServer&) = delete;
    AuthServer& operator=(const AuthServer&) = delete;

    // Serves connections accepted on `fd` (a listening unix socket).
    void listen(UniqueFd fd, ListenerKind kind);
    // Stops accepting, ends the database thread after pending work.
    void stop();

    // For connections: run `work` on the database thread, then `done` with its result here.
    template <class Work, class Done>
    void on_db(Work work, Done done)
    {
        net::asio::post(db_, [this, work = std::move(work), done = std::move(done)]() mutable {
            auto result = work(*core_);
            net::asio::post(io_, [done = std::move(done), result = std::move(result)]() mutable {
                done(std::move(result));
            });
        });
    }

    net::asio::io_context& io() { return io_; }
    Penalty& penalty() { return penalty_; }
    const AuthSettings& settings() const { return settings_; }
    const SaslEngine& engine() const { return core_->engine(); }
    std::uint32_t next_connection_id() { return ++connections_; }
    std::string new_cookie();

private:
    net::asio::awaitable<void> accept_loop(net::asio::local::stream_protocol::acceptor acceptor, ListenerKind kind);

    net::asio::io_context& io_;
    std::unique_ptr<AuthCore> core_;
    AuthSettings settings_;
    net::asio::thread_pool db_{1};
    Penalty penalty_;
    std::uint32_t connections_ = 0;
    std::vector<std::shared_ptr<net::asio::local::stream_protocol::acceptor>> acceptors_;
};

}  // namespace roost::auth
