// MasterConnection: user lookups and login hand-off.
#include "auth/service/master_connection.hpp"

#include <unistd.h>

#include "auth/proto/master_commands.hpp"
#include "auth/proto/server_replies.hpp"
#include "core/log.hpp"

namespace roost::auth {

namespace asio = net::asio;

namespace {

std::string format_reply(const proto::MasterReply& reply)
{
    return std::visit([](const auto& r) { return proto::format(r); }, reply);
}

}  // namespace

MasterConnection::MasterConnection(AuthServer& server, asio::local::stream_protocol::socket socket, ListenerKind kind)
    : server_(server), socket_(std::move(socket)), kind_(kind)
{
}

asio::awaitable<void> MasterConnection::run()
{
    auto self = shared_from_this();
    send(proto::format(proto::Version{1, 1}));
    send(proto::format(proto::Spid{static_cast<std::uint32_t>(::getpid())}));
    std::array<char, 4096> buf{};
    while (!closed_) {
        boost::system::error_code ec;
        const std::size_t n = co_await socket_.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            break;
        }
        lines_.feed(std::string_view(buf.data(), n));
        while (auto event = lines_.next()) {
            if (event->kind == LineReceiver::Event::Kind::TooLong || !handle_line(event->line)) {
                closed_ = true;
                break;
            }
        }
    }
    closed_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
}

bool MasterConnection::handle_line(const std::string& line)
{
    auto command = proto::parse_master_command(line);
    if (!command) {
        log::error("auth master: ", command.error().message, "; disconnecting");
        return false;
    }
    if (auto* v = std::get_if<proto::Version>(&*command)) {
        if (v->major != 1) {
            log::error("auth master: protocol version ", v->major, " is not supported; disconnecting");
            return false;
        }
        version_seen_ = true;
        return true;
    }
    if (!version_seen_) {
        log::error("auth master: command before VERSION; disconnecting");
        return false;
    }
    if (std::holds_alternative<proto::Cpid>(*command)) {
        return true;
    }
    auto self = shared_from_this();
    const auto reply = [self](proto::MasterReply r) { self->send(format_reply(r)); };
    if (auto* u = std::get_if<proto::UserLookup>(&*command)) {
        server_.on_db([u = *u](AuthCore& core) { return core.user(u); }, reply);
    } else if (auto* p = std::get_if<proto::PassLookup>(&*command)) {
        server_.on_db([p = *p](AuthCore& core) { return core.pass(p); }, reply);
    } else if (auto* l = std::get_if<proto::ListUsers>(&*command)) {
        const std::uint32_t id = l->id;
        server_.on_db(
            [](AuthCore& core) {
                bool complete = false;
                auto users = core.list_users(complete);
                return std::pair(std::move(users), complete);
            },
            [self, id](std::pair<std::vector<std::string>, bool> result) {
                for (const std::string& name : result.first) {
                    self->send(proto::format(proto::ListUser{id, name}));
                }
                self->send(proto::format(proto::ListDone{id, !result.second}));
            });
    } else if (auto* r = std::get_if<proto::LoginRequest>(&*command)) {
        if (kind_ != ListenerKind::Master) {
            // Login hand-off hands out users' identities: only the master socket may ask.
            log::error("auth userdb: REQUEST is only allowed on auth-master; disconnecting");
            return false;
        }
        server_.on_db([r = *r](AuthCore& core) { return core.login(r); }, reply);
    }
    return true;
}

void MasterConnection::send(std::string line)
{
    if (closed_) {
        return;
    }
    out_.push_back(std::move(line));
    if (!writing_) {
        write_next();
    }
}

void MasterConnection::write_next()
{
    if (out_.empty() || closed_) {
        writing_ = false;
        return;
    }
    writing_ = true;
    asio::async_write(socket_, asio::buffer(out_.front()),
                      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                          if (ec) {
                              self->closed_ = true;
                              return;
                          }
                          self->out_.pop_front();
                          self->write_next();
                      });
}

}  // namespace roost::auth
