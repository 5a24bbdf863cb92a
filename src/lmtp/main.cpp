// roost-lmtp: the LMTP service (RFC 2033). Postfix delivers through it (mailbox_transport or
// virtual_transport = lmtp:unix:private/roost-lmtp) instead of starting roost-lda per message.
// Started by the master as root: each connection gets a process, and each recipient's
// delivery a process of its own that becomes that user.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/config.hpp"
#include "core/log.hpp"
#include "lda/deliver.hpp"
#include "lmtp/lmtp_session.hpp"
#include "net/inherited_listeners.hpp"
#include "net/privileges.hpp"
#include "worker/handoff_server.hpp"
#include "worker/service_start.hpp"

namespace {

using namespace roost;

constexpr int kExitUsage = 64;

const config::FilterContext kLmtp{.protocol = "lmtp"};

std::string peer_ip(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    char buf[INET6_ADDRSTRLEN] = {};
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        return "";
    }
    if (ss.ss_family == AF_INET) {
        ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, buf, sizeof buf);
    } else if (ss.ss_family == AF_INET6) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, buf, sizeof buf);
    }
    return buf;
}

// One recipient's delivery in a child process that becomes the user; the result comes back
// through a pipe as "STATUS CODE TEXT".
lda::DeliveryResult deliver_as_user(const config::Config& cfg, const lda::UserLookup& found,
                                    const lda::DeliveryRequest& request, const std::string& message)
{
    const lda::DeliveryResult failed{lda::DeliveryResult::Status::TempFail, "4.3.0", "Temporary internal error"};
    int fds[2];
    if (::pipe(fds) != 0) {
        return failed;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return failed;
    }
    if (pid == 0) {
        ::close(fds[0]);
        const worker::MailUser& u = found.user;
        lda::DeliveryResult r = failed;
        if (auto became = net::become({u.uid, u.gid, u.extra_groups, u.chroot}); !became) {
            log::error("cannot become ", u.name, ": ", became.error().message);
        } else {
            log::set_user(u.name);
            r = lda::deliver_message(cfg, kLmtp, u, request, message);
        }
        const std::string line = std::to_string(static_cast<int>(r.status)) + " " + r.code + " " + r.text;
        (void)!::write(fds[1], line.data(), line.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string line;
    char buf[1024];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) {
        line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const auto s1 = line.find(' ');
    const auto s2 = s1 == std::string::npos ? std::string::npos : line.find(' ', s1 + 1);
    if (s2 == std::string::npos || line[0] < '0' || line[0] > '2') {
        return failed;  // the child died before answering
    }
    return {static_cast<lda::DeliveryResult::Status>(line[0] - '0'), line.substr(s1 + 1, s2 - s1 - 1),
            line.substr(s2 + 1)};
}

}  // namespace

int main(int argc, char** argv)
{
    auto started = worker::start_service(argc, argv, "lmtp", kLmtp);
    if (!started.config) {
        return started.exit_code;
    }
    const config::Config& cfg = *started.config;
    auto listeners = net::inherited_listeners();
    if (!listeners || listeners->empty()) {
        log::fatal("no listeners; roost-lmtp is started by the roost master");
        return kExitUsage;
    }
    std::vector<int> fds;
    for (const net::InheritedListener& l : *listeners) {
        fds.push_back(l.fd);
    }
    lmtp::LmtpSettings settings;
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    settings.hostname = cfg.get("hostname", kLmtp).empty() ? host : cfg.get("hostname", kLmtp);
    settings.save_to_detail_mailbox = cfg.get_bool("lmtp_save_to_detail_mailbox", kLmtp);
    settings.add_received_header = cfg.get_bool("lmtp_add_received_header", kLmtp);
    settings.recipient_delimiter = cfg.get("recipient_delimiter", kLmtp);
    lmtp::LmtpHost h;
    h.lookup = [&](const std::string& user) { return lda::lookup_mail_user(cfg, kLmtp, user); };
    h.deliver = [&](const lda::UserLookup& u, const lda::DeliveryRequest& req, const std::string& message) {
        return deliver_as_user(cfg, u, req, message);
    };
    log::info("lmtp service ready");
    return worker::serve_connections(fds, [&](UniqueFd client) {
        lmtp::LmtpSettings s = settings;
        s.client_ip = peer_ip(client.get());
        lmtp::run_lmtp_session(client.get(), s, h);
        return 0;
    });
}
