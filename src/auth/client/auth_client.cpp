// Blocking clients of the auth service's sockets.
#include "auth/client/auth_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "auth/proto/master_commands.hpp"
#include "core/base64.hpp"

namespace roost::auth {
namespace {

Error protocol_error(std::string message)
{
    return Error{std::make_error_code(std::errc::protocol_error), std::move(message)};
}

}  // namespace

Result<LineSocket> LineSocket::connect(const std::string& path, std::chrono::milliseconds timeout)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof(addr.sun_path)) {
        return Error{std::make_error_code(std::errc::filename_too_long), "socket path too long: " + path};
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        return errno_error("socket");
    }
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        return errno_error("connect(" + path + ")");
    }
    return LineSocket(std::move(fd), timeout);
}

Result<void> LineSocket::write(const std::string& line)
{
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::send(fd_.get(), line.data() + done, line.size() - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno_error("write to auth socket");
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Result<std::string> LineSocket::read_line()
{
    for (;;) {
        if (auto e = lines_.next()) {
            if (e->kind == LineReceiver::Event::Kind::TooLong) {
                return protocol_error("auth service sent an over-long line");
            }
            return std::move(e->line);
        }
        pollfd p{fd_.get(), POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(timeout_.count()));
        if (r == 0) {
            return Error{std::make_error_code(std::errc::timed_out), "auth service did not answer in time"};
        }
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno_error("poll");
        }
        char buf[4096];
        const ssize_t n = ::read(fd_.get(), buf, sizeof(buf));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return Error{std::make_error_code(std::errc::connection_reset), "auth service closed the connection"};
        }
        lines_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    }
}

Result<UserdbClient> UserdbClient::connect(const std::string& path, std::chrono::milliseconds timeout)
{
    auto socket = LineSocket::connect(path, timeout);
    if (!socket) {
        return socket.error();
    }
    if (auto w = socket->write(proto::format(proto::Version{1, 0}) + proto::format(proto::Cpid{static_cast<std::uint32_t>(::getpid())})); !w) {
        return w.error();
    }
    UserdbClient client(std::move(*socket));
    // The server's handshake: VERSION and SPID.
    for (int i = 0; i < 2; ++i) {
        auto r = client.next_reply();
        if (!r) {
            return r.error();
        }
        if (const auto* v = std::get_if<proto::Version>(&*r); v != nullptr && v->major != 1) {
            return protocol_error("auth service speaks protocol version " + std::to_string(v->major));
        }
    }
    return client;
}

Result<proto::MasterReply> UserdbClient::next_reply()
{
    auto line = socket_.read_line();
    if (!line) {
        return line.error();
    }
    return proto::parse_master_reply(*line);
}

Result<proto::MasterReply> UserdbClient::user(const std::string& user, const std::string& service)
{
    if (auto w = socket_.write(proto::format(proto::UserLookup{next_id_++, user, {{"service", service, true}}})); !w) {
        return w.error();
    }
    return next_reply();
}

Result<proto::MasterReply> UserdbClient::pass(const std::string& user, const std::string& service)
{
    if (auto w = socket_.write(proto::format(proto::PassLookup{next_id_++, user, {{"service", service, true}}})); !w) {
        return w.error();
    }
    return next_reply();
}

Result<proto::MasterReply> UserdbClient::request(std::uint32_t login_pid, std::uint32_t auth_id,
                                                 const std::string& cookie)
{
    if (auto w = socket_.write(proto::format(proto::LoginRequest{next_id_++, login_pid, auth_id, cookie, {}})); !w) {
        return w.error();
    }
    return next_reply();
}

Result<std::vector<std::string>> UserdbClient::list()
{
    if (auto w = socket_.write(proto::format(proto::ListUsers{next_id_++, {}})); !w) {
        return w.error();
    }
    std::vector<std::string> users;
    for (;;) {
        auto r = next_reply();
        if (!r) {
            return r.error();
        }
        if (const auto* u = std::get_if<proto::ListUser>(&*r)) {
            users.push_back(u->user);
        } else if (const auto* d = std::get_if<proto::ListDone>(&*r)) {
            if (d->failed) {
                return protocol_error("the userdbs cannot list users");
            }
            return users;
        } else {
            return protocol_error("unexpected reply to LIST");
        }
    }
}

Result<LoginOutcome> plain_login(const std::string& path, const std::string& service, const std::string& user,
                                 const std::string& password, bool secured, std::chrono::milliseconds timeout)
{
    auto socket = LineSocket::connect(path, timeout);
    if (!socket) {
        return socket.error();
    }
    proto::AuthCommand auth;
    auth.id = 1;
    auth.mechanism = "PLAIN";
    auth.service = service;
    auth.secured = secured;
    auth.initial_response = base64_encode(std::string(1, '\0') + user + std::string(1, '\0') + password);
    const std::string hello =
        proto::format(proto::Version{1, 2}) + proto::format(proto::Cpid{static_cast<std::uint32_t>(::getpid())});
    if (auto w = socket->write(hello); !w) {
        return w.error();
    }
    LoginOutcome out;
    bool sent = false;
    for (;;) {
        auto line = socket->read_line();
        if (!line) {
            return line.error();
        }
        auto reply = proto::parse_client_reply(*line);
        if (!reply) {
            return reply.error();
        }
        if (const auto* m = std::get_if<proto::Mech>(&*reply)) {
            out.mechanisms.push_back(*m);
        } else if (std::holds_alternative<proto::Done>(*reply) && !sent) {
            if (auto w = socket->write(proto::format(auth)); !w) {
                return w.error();
            }
            sent = true;
        } else if (const auto* ok = std::get_if<proto::Ok>(&*reply)) {
            out.ok = true;
            out.fields = ok->params;
            return out;
        } else if (const auto* fail = std::get_if<proto::Fail>(&*reply)) {
            out.fields = fail->params;
            return out;
        } else if (std::holds_alternative<proto::Cont>(*reply)) {
            return protocol_error("auth service asked for more data for PLAIN");
        }
    }
}

}  // namespace roost::auth
