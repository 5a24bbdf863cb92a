// ClientConnection: the auth-client protocol.
#include "auth/service/client_connection.hpp"

#include <unistd.h>

#include "auth/proto/server_replies.hpp"
#include "auth/service/auth_server.hpp"
#include "core/base64.hpp"
#include "core/log.hpp"

namespace roost::auth {

namespace asio = net::asio;

ClientConnection::ClientConnection(AuthServer& server, asio::local::stream_protocol::socket socket)
    : server_(server), socket_(std::move(socket))
{
    identity_.connection = server_.next_connection_id();
    identity_.cookie = server_.new_cookie();
}

asio::awaitable<void> ClientConnection::run()
{
    auto self = shared_from_this();
    // The handshake goes out at once; the client's own handshake may cross it.
    send(proto::format(proto::Version{1, 2}));
    for (const MechanismInfo& m : server_.engine().mechanisms()) {
        send(proto::format(proto::Mech{m.name, m.flags}));
    }
    send(proto::format(proto::Spid{static_cast<std::uint32_t>(::getpid())}));
    send(proto::format(proto::Cuid{static_cast<std::uint32_t>(identity_.connection)}));
    send(proto::format(proto::Cookie{identity_.cookie}));
    send(proto::format(proto::Done{}));

    std::array<char, 4096> buf{};
    while (!closed_) {
        boost::system::error_code ec;
        const std::size_t n = co_await socket_.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            break;
        }
        lines_.feed(std::string_view(buf.data(), n));
        while (auto event = lines_.next()) {
            if (event->kind == LineReceiver::Event::Kind::TooLong) {
                log::error("auth client: line too long, disconnecting");
                close();
                break;
            }
            if (!handle_line(event->line)) {
                close();
                break;
            }
        }
    }
    close();
}

void ClientConnection::close()
{
    if (closed_) {
        return;
    }
    closed_ = true;
    for (auto& [id, timer] : requests_) {
        timer->cancel();
    }
    requests_.clear();
    boost::system::error_code ignored;
    socket_.close(ignored);
    const std::uint64_t conn = identity_.connection;
    server_.on_db([conn](AuthCore& core) { core.forget(conn); return 0; }, [](int) {});
}

bool ClientConnection::handle_line(const std::string& line)
{
    auto command = proto::parse_client_command(line);
    if (!command) {
        log::error("auth client: ", command.error().message, "; disconnecting");
        return false;
    }
    if (auto* v = std::get_if<proto::Version>(&*command)) {
        if (v->major != 1) {
            log::error("auth client: protocol version ", v->major, " is not supported; disconnecting");
            return false;
        }
        version_seen_ = true;
        return true;
    }
    if (!version_seen_) {
        log::error("auth client: command before VERSION; disconnecting");
        return false;
    }
    if (auto* c = std::get_if<proto::Cpid>(&*command)) {
        identity_.client_pid = c->pid;
        return true;
    }
    if (auto* a = std::get_if<proto::AuthCommand>(&*command)) {
        if (requests_.count(a->id) > 0) {
            log::error("auth client: AUTH id ", a->id, " is already in use; disconnecting");
            return false;
        }
        start_auth(std::move(*a));
        return true;
    }
    continue_auth(std::get<proto::ContCommand>(*command));
    return true;
}

void ClientConnection::start_auth(proto::AuthCommand command)
{
    const std::uint32_t id = command.id;
    std::optional<std::string> initial;
    if (command.initial_response) {
        initial = base64_decode(*command.initial_response);
        if (!initial) {
            send(proto::format(proto::Fail{id, {{"reason", "Invalid base64 data in initial response", true}}}));
            return;
        }
    }
    origins_[id] = {command.remote_ip, command.no_penalty};
    requests_[id] = std::make_shared<asio::steady_timer>(server_.io());
    arm_timeout(id);
    auto self = shared_from_this();
    const ClientIdentity who = identity_;
    server_.on_db(
        [who, command = std::move(command), initial = std::move(initial)](AuthCore& core) mutable {
            return core.start(who, command, std::move(initial));
        },
        [self, id](AuthOutcome outcome) {
            const auto origin = self->origins_[id];
            self->deliver(id, std::move(outcome), origin.first, origin.second);
        });
}

void ClientConnection::continue_auth(const proto::ContCommand& command)
{
    const std::uint32_t id = command.id;
    if (requests_.count(id) == 0) {
        send(proto::format(proto::Fail{id, {{"reason", "Unexpected continuation", true}}}));
        return;
    }
    auto data = base64_decode(command.data);
    if (!data) {
        requests_[id]->cancel();
        requests_.erase(id);
        const std::uint64_t conn = identity_.connection;
        server_.on_db([conn, id](AuthCore& core) { core.forget(conn, id); return 0; }, [](int) {});
        send(proto::format(proto::Fail{id, {{"reason", "Invalid base64 data in continued response", true}}}));
        return;
    }
    arm_timeout(id);
    auto self = shared_from_this();
    const ClientIdentity who = identity_;
    server_.on_db(
        [who, id, data = std::move(*data)](AuthCore& core) mutable { return core.proceed(who, id, std::move(data)); },
        [self, id](std::optional<AuthOutcome> outcome) {
            if (!outcome) {
                self->send(proto::format(proto::Fail{id, {{"reason", "Unexpected continuation", true}}}));
                self->requests_.erase(id);
                return;
            }
            const auto origin = self->origins_[id];
            self->deliver(id, std::move(*outcome), origin.first, origin.second);
        });
}

void ClientConnection::deliver(std::uint32_t id, AuthOutcome outcome, const std::string& remote_ip, bool no_penalty)
{
    if (closed_ || requests_.count(id) == 0) {
        return;  // the client left, or the request already timed out
    }
    if (outcome.kind == AuthOutcome::Kind::Continue) {
        send(proto::format(proto::Cont{id, base64_encode(outcome.challenge)}));
        return;
    }
    requests_[id]->cancel();
    requests_.erase(id);
    origins_.erase(id);
    if (server_.settings().verbose && outcome.kind == AuthOutcome::Kind::Fail) {
        log::info("auth: failed (rip=", remote_ip, "): ", outcome.log);
    }
    if (outcome.kind == AuthOutcome::Kind::Ok) {
        server_.penalty().on_success(remote_ip);
        send(proto::format(proto::Ok{id, outcome.reply}));
        return;
    }
    const std::string line = proto::format(proto::Fail{id, outcome.reply});
    if (!outcome.delay) {
        send(line);
        return;
    }
    // A failure is answered late, so guessing is slow; other requests keep flowing meanwhile.
    const auto delay = (outcome.penalize && !no_penalty)
                           ? server_.penalty().on_failure(remote_ip, std::chrono::steady_clock::now())
                           : server_.settings().failure_delay;
    auto timer = std::make_shared<asio::steady_timer>(server_.io(), delay);
    timer->async_wait([self = shared_from_this(), timer, line](const boost::system::error_code&) {
        if (!self->closed_) {
            self->send(line);
        }
    });
}

void ClientConnection::arm_timeout(std::uint32_t id)
{
    auto timer = requests_[id];
    timer->expires_after(kRequestTimeout);
    timer->async_wait([self = shared_from_this(), id](const boost::system::error_code& ec) {
        if (ec || self->closed_ || self->requests_.count(id) == 0) {
            return;
        }
        self->requests_.erase(id);
        self->origins_.erase(id);
        const std::uint64_t conn = self->identity_.connection;
        self->server_.on_db([conn, id](AuthCore& core) { core.forget(conn, id); return 0; }, [](int) {});
        self->send(proto::format(proto::Fail{id, {{"reason", "Authentication request timed out", true}}}));
    });
}

void ClientConnection::send(std::string line)
{
    if (closed_) {
        return;
    }
    out_.push_back(std::move(line));
    if (!writing_) {
        write_next();
    }
}

void ClientConnection::write_next()
{
    if (out_.empty() || closed_) {
        writing_ = false;
        return;
    }
    writing_ = true;
    asio::async_write(socket_, asio::buffer(out_.front()),
                      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                          if (ec) {
                              self->close();
                              return;
                          }
                          self->out_.pop_front();
                          self->write_next();
                      });
}

}  // namespace roost::auth
