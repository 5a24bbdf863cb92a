// The client side every SMTP-family session shares.
#include "smtp/server/smtp_connection.hpp"

#include "smtp/proto/reply.hpp"

namespace roost::smtp::server {
namespace {

constexpr std::size_t kMaxLine = 4096;  // RFC 5321 4.5.3.1.4 says 512; MTAs send more with params
constexpr int kMaxBadCommands = 10;

}  // namespace

SmtpConnection::SmtpConnection(int fd, std::string pending, std::chrono::seconds idle, std::string who)
    : client_(fd), in_(std::move(pending)), idle_(idle), who_(std::move(who))
{
}

bool SmtpConnection::read_more()
{
    auto r = client_.read_some(idle_);
    if (r.status == worker::ClientConnection::ReadStatus::TimedOut) {
        client_.send(proto::reply(421, "4.4.2", (who_.empty() ? "" : who_ + " ") + "Disconnected for inactivity"));
    }
    if (r.status != worker::ClientConnection::ReadStatus::Data) {
        return false;
    }
    in_ += r.bytes;
    return true;
}

std::optional<std::string> SmtpConnection::next_line()
{
    for (;;) {
        if (const auto nl = in_.find('\n'); nl != std::string::npos) {
            std::string line = in_.substr(0, nl);
            in_.erase(0, nl + 1);
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            return line;
        }
        if (in_.size() > kMaxLine * 4) {
            in_.clear();  // a line that never ends: refused as too long
            return std::string(kMaxLine + 1, 'x');
        }
        if (!read_more()) {
            return std::nullopt;
        }
    }
}

void SmtpConnection::run_commands(const Handler& handle)
{
    int bad = 0;
    while (bad < kMaxBadCommands) {
        auto line = next_line();
        if (!line) {
            return;
        }
        if (line->size() > kMaxLine) {
            ++bad;
            client_.send(proto::reply(500, "5.5.2", "Line too long"));
            continue;
        }
        auto command = proto::parse_command(*line);
        if (!command) {
            ++bad;
            client_.send(proto::reply(501, "5.5.4", command.error().message));
            continue;
        }
        if (!handle(*command, bad)) {
            return;
        }
    }
    client_.send(proto::reply(421, "4.7.0", "Too many invalid commands"));
}

}  // namespace roost::smtp::server
