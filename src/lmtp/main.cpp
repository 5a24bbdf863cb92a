// roost-lmtp: the LMTP service (RFC 2033). Postfix delivers through it (mailbox_transport or
// virtual_transport = lmtp:unix:private/roost-lmtp) instead of starting roost-lda per message.
// Started by the master as root: each connection gets a process, which delivers through
// worker processes that have become the recipients' uids (lmtp/delivery_workers.hpp).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

#include "config/config.hpp"
#include "core/log.hpp"
#include "auth/client/auth_client.hpp"
#include "lda/deliver.hpp"
#include "lmtp/delivery_workers.hpp"
#include "lmtp/lmtp_session.hpp"
#include "lmtp/rcpt_quota.hpp"
#include "net/inherited_listeners.hpp"
#include "worker/handoff_server.hpp"
#include "worker/service_start.hpp"

namespace {

using namespace roost;

constexpr int kExitUsage = 64;
// Delivery processes one session keeps, one per distinct set of user credentials seen.
constexpr std::size_t kMaxDeliveryWorkers = 8;

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

// The userdb over one auth-userdb connection kept for the whole LMTP session. A failure may be
// a connection the auth service closed while the MTA was idle: the lookup is tried once more
// on a fresh connection before the recipient is deferred.
class SessionUserdb {
public:
    explicit SessionUserdb(const config::Config& cfg) : cfg_(cfg) {}

    lda::UserLookup lookup(const std::string& name)
    {
        lda::UserLookup found;
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (!client_) {
                const std::string socket = cfg_.get("base_dir") + "/" + cfg_.get("auth_socket_path");
                auto client = auth::UserdbClient::connect(socket);
                if (!client) {
                    found.status = lda::UserLookup::Status::TempFail;
                    found.text = socket + ": " + client.error().message;
                    return found;
                }
                client_.emplace(std::move(*client));
            }
            found = lda::lookup_mail_user(*client_, cfg_, kLmtp, name);
            if (found.status != lda::UserLookup::Status::TempFail) {
                return found;
            }
            client_.reset();
        }
        return found;
    }

    void disconnect() { client_.reset(); }

private:
    const config::Config& cfg_;
    std::optional<auth::UserdbClient> client_;
};

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
    settings.rcpt_check_quota = cfg.get_bool("lmtp_rcpt_check_quota", kLmtp);
    settings.recipient_delimiter = cfg.get("recipient_delimiter", kLmtp);
    log::info("lmtp service ready");
    return worker::serve_connections(fds, [&](UniqueFd client) {
        lmtp::LmtpSettings s = settings;
        s.client_ip = peer_ip(client.get());
        SessionUserdb userdb(cfg);
        lmtp::DeliveryWorkers workers(
            [&](const lmtp::DeliveryJob& job) {
                if (job.kind == lmtp::DeliveryJob::Kind::QuotaCheck) {
                    return lmtp::check_rcpt_quota(cfg, kLmtp, job.user, job.request.final_recipient, job.size);
                }
                return lda::deliver_message(cfg, kLmtp, job.user, job.request, job.message);
            },
            kMaxDeliveryWorkers, [&] {
                ::close(client.get());  // this copy of the process exits without destructors
                userdb.disconnect();
            });
        lmtp::LmtpHost h;
        h.lookup = [&](const std::string& user) { return userdb.lookup(user); };
        h.deliver = [&](const lda::UserLookup& u, const lda::DeliveryRequest& req, const std::string& message) {
            lmtp::DeliveryJob job;
            job.user = u.user;
            job.request = req;
            job.message = message;
            return workers.run(job);
        };
        h.check_quota = [&](const lda::UserLookup& u, const std::string& recipient, std::uint64_t size) {
            lmtp::DeliveryJob job;
            job.kind = lmtp::DeliveryJob::Kind::QuotaCheck;
            job.size = size;
            job.user = u.user;
            job.request.final_recipient = recipient;
            return workers.run(job);
        };
        lmtp::run_lmtp_session(client.get(), s, h);
        return 0;
    });
}
