// A login attempt talking to the auth service.
#include "login/auth_session.hpp"

#include <unistd.h>

#include <atomic>

namespace roost::login {
namespace {

namespace proto = auth::proto;

Error auth_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::protocol_error), "auth service: " + what};
}

std::uint32_t next_auth_id()
{
    static std::atomic<std::uint32_t> next{1};
    return next++;
}

}  // namespace

AuthSession::AuthSession(asio::local::stream_protocol::socket socket) : socket_(std::move(socket)) {}

asio::awaitable<Result<AuthSession>> AuthSession::connect(const std::string& socket_path)
{
    asio::local::stream_protocol::socket socket(co_await asio::this_coro::executor);
    boost::system::error_code ec;
    co_await socket.async_connect(socket_path, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        co_return auth_error("cannot connect to " + socket_path + ": " + ec.message());
    }
    AuthSession s(std::move(socket));
    const std::string hello = proto::format(proto::Version{1, 2}) +
                              proto::format(proto::Cpid{static_cast<std::uint32_t>(::getpid())});
    co_await asio::async_write(s.socket_, asio::buffer(hello), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        co_return auth_error("cannot write to " + socket_path + ": " + ec.message());
    }
    for (;;) {
        auto line = co_await s.read_line();
        if (!line) {
            co_return line.error();
        }
        auto reply = proto::parse_client_reply(*line);
        if (!reply) {
            co_return auth_error(reply.error().message);
        }
        if (const auto* v = std::get_if<proto::Version>(&*reply); v != nullptr && v->major != 1) {
            co_return auth_error("unsupported protocol version " + std::to_string(v->major));
        }
        if (const auto* m = std::get_if<proto::Mech>(&*reply)) {
            s.mechanisms_.push_back(*m);
        } else if (const auto* c = std::get_if<proto::Cookie>(&*reply)) {
            s.cookie_ = c->hex;
        } else if (std::holds_alternative<proto::Done>(*reply)) {
            break;
        }
    }
    if (s.cookie_.empty()) {
        co_return auth_error("handshake without a COOKIE");
    }
    co_return std::move(s);
}

asio::awaitable<Result<std::string>> AuthSession::read_line()
{
    for (;;) {
        if (auto e = lines_.next()) {
            if (e->kind == LineReceiver::Event::Kind::TooLong) {
                co_return auth_error("reply line too long");
            }
            co_return std::move(e->line);
        }
        char buf[4096];
        boost::system::error_code ec;
        const std::size_t n =
            co_await socket_.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            co_return auth_error("connection lost: " + ec.message());
        }
        lines_.feed(std::string_view(buf, n));
    }
}

asio::awaitable<Result<proto::ClientReply>> AuthSession::reply_for_request()
{
    for (;;) {
        auto line = co_await read_line();
        if (!line) {
            co_return line.error();
        }
        auto reply = proto::parse_client_reply(*line);
        if (!reply) {
            co_return auth_error(reply.error().message);
        }
        const auto id = std::visit(
            [](const auto& r) -> std::uint32_t {
                if constexpr (requires { r.id; }) {
                    return r.id;
                } else {
                    return 0;
                }
            },
            *reply);
        if (id == auth_id_ && (std::holds_alternative<proto::Cont>(*reply) ||
                               std::holds_alternative<proto::Ok>(*reply) ||
                               std::holds_alternative<proto::Fail>(*reply))) {
            co_return std::move(*reply);
        }
        // Anything else (a reply to an id this session never sent) is ignored, as Dovecot does.
    }
}

asio::awaitable<Result<proto::ClientReply>> AuthSession::begin(proto::AuthCommand command)
{
    auth_id_ = next_auth_id();
    command.id = auth_id_;
    // Named, not a temporary inside the co_await expression: GCC 12 destroys such temporaries
    // twice.
    const std::string line = proto::format(command);
    boost::system::error_code ec;
    co_await asio::async_write(socket_, asio::buffer(line), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        co_return auth_error("connection lost: " + ec.message());
    }
    co_return co_await reply_for_request();
}

asio::awaitable<Result<proto::ClientReply>> AuthSession::respond(const std::string& base64)
{
    const std::string line = proto::format(proto::ContCommand{auth_id_, base64});  // see begin()
    boost::system::error_code ec;
    co_await asio::async_write(socket_, asio::buffer(line), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        co_return auth_error("connection lost: " + ec.message());
    }
    co_return co_await reply_for_request();
}

void AuthSession::close()
{
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace roost::login
