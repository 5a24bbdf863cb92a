// AuthServer: listeners, the database thread, shared state of connections.
#include "auth/service/auth_server.hpp"

#include <sys/random.h>

#include "auth/service/client_connection.hpp"
#include "auth/service/master_connection.hpp"
#include "core/log.hpp"

namespace roost::auth {

namespace asio = net::asio;

ListenerKind listener_kind(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name == "auth-master") {
        return ListenerKind::Master;
    }
    if (name == "auth-userdb") {
        return ListenerKind::Userdb;
    }
    return ListenerKind::Client;
}

AuthServer::AuthServer(asio::io_context& io, std::unique_ptr<AuthCore> core, const AuthSettings& settings)
    : io_(io), core_(std::move(core)), settings_(settings), penalty_(settings.failure_delay)
{
}

AuthServer::~AuthServer() { stop(); }

void AuthServer::stop()
{
    for (auto& a : acceptors_) {
        boost::system::error_code ignored;
        a->close(ignored);
    }
    acceptors_.clear();
    db_.join();
}

std::string AuthServer::new_cookie()
{
    unsigned char bytes[16];
    if (::getrandom(bytes, sizeof(bytes), 0) != static_cast<ssize_t>(sizeof(bytes))) {
        log::fatal("getrandom failed; cannot make an auth cookie");
        std::abort();
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

void AuthServer::listen(UniqueFd fd, ListenerKind kind)
{
    asio::local::stream_protocol::acceptor acceptor(io_, asio::local::stream_protocol(), fd.release());
    asio::co_spawn(io_, accept_loop(std::move(acceptor), kind), asio::detached);
}

asio::awaitable<void> AuthServer::accept_loop(asio::local::stream_protocol::acceptor acceptor, ListenerKind kind)
{
    auto shared = std::make_shared<asio::local::stream_protocol::acceptor>(std::move(acceptor));
    acceptors_.push_back(shared);
    for (;;) {
        boost::system::error_code ec;
        asio::local::stream_protocol::socket socket =
            co_await shared->async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted || !shared->is_open()) {
            co_return;
        }
        if (ec) {
            // Out of descriptors and the like: wait a moment rather than spin.
            log::error("auth: accept failed: ", ec.message());
            asio::steady_timer pause(io_, std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::use_awaitable);
            continue;
        }
        if (kind == ListenerKind::Client) {
            auto c = std::make_shared<ClientConnection>(*this, std::move(socket));
            asio::co_spawn(io_, [c]() { return c->run(); }, asio::detached);
        } else {
            auto c = std::make_shared<MasterConnection>(*this, std::move(socket), kind);
            asio::co_spawn(io_, [c]() { return c->run(); }, asio::detached);
        }
    }
}

}  // namespace roost::auth
