// roost-pop3: the pop3 worker service. Started by the master (as root when the master is), it
// takes over clients from pop3-login; each runs in its own process as its mail user.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "config/config.hpp"
#include "core/log.hpp"
#include "core/unique_fd.hpp"
#include "net/inherited_listeners.hpp"
#include "pop3/worker/pop3_session.hpp"
#include "storage/storage.hpp"
#include "worker/handoff_server.hpp"
#include "worker/service_start.hpp"
#include "worker/storage_settings.hpp"
#include "worker/user_policy.hpp"

namespace {

using namespace roost;

constexpr int kExitUsage = 64;
constexpr int kExitConfig = 78;

int fail_session(int fd, const std::string& why)
{
    log::error(why);
    const std::string reply = "-ERR [SYS/TEMP] Internal error occurred. Refer to server log for more information.\r\n";
    (void)!::write(fd, reply.data(), reply.size());
    return 1;
}

}  // namespace

int main(int argc, char** argv)
{
    const config::FilterContext ctx{.protocol = "pop3"};
    auto started = worker::start_service(argc, argv, "pop3", ctx);
    if (!started.config) {
        return started.exit_code;
    }
    const config::Config& cfg = *started.config;
    auto uidl = pop3::UidlFormat::parse(cfg.get("pop3_uidl_format", ctx));
    if (!uidl) {
        log::fatal(uidl.error().message);
        return kExitConfig;
    }
    pop3::Pop3Settings settings{*uidl};
    settings.no_flag_updates = cfg.get_bool("pop3_no_flag_updates", ctx);
    settings.deleted_flag = cfg.get("pop3_deleted_flag", ctx);
    settings.logout_format = cfg.get("pop3_logout_format", ctx);
    for (const std::string& w : cfg.get_list("pop3_client_workarounds", ctx)) {
        settings.outlook_no_nuls = settings.outlook_no_nuls || w == "outlook-no-nuls";
        settings.oe_ns_eoh = settings.oe_ns_eoh || w == "oe-ns-eoh";
    }

    auto listeners = net::inherited_listeners();
    if (!listeners || listeners->size() != 1 || listeners->front().kind != "unix") {
        log::fatal("expected one hand-off socket from the master (service pop3 { unix_listener login/pop3 })");
        return kExitUsage;
    }
    const worker::WorkerSetup setup{"pop3", cfg.get("base_dir") + "/auth-master", worker::user_policy(cfg, ctx),
                                    static_cast<unsigned>(cfg.get_uint("mail_max_userip_connections", ctx)),
                                    cfg.get("base_dir") + "/userip", worker::service_process_limit(cfg, "pop3")};
    const bool lock_session = cfg.get_bool("pop3_lock_session", ctx);
    log::info("pop3 worker service ready");
    return worker::serve_handoffs(listeners->front().fd, setup, [&](worker::ClientSession&& s) {
        log::set_session(s.handoff.session);
        if (s.user.mail_location.empty()) {
            return fail_session(s.client.get(), "mail_location is not set and userdb gave no mail=");
        }
        auto store = storage::open_storage(worker::storage_settings(cfg, ctx, s.user));
        if (!store) {
            return fail_session(s.client.get(), store.error().message);
        }
        // pop3_lock_session: one POP3 session per user at a time (RFC 1939's exclusive lock);
        // the lock lives as long as this process, so a dropped connection releases it.
        UniqueFd session_lock;
        if (lock_session) {
            session_lock = UniqueFd(::open((s.user.home + "/.roost-pop3.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
            if (!session_lock || ::flock(session_lock.get(), LOCK_EX | LOCK_NB) != 0) {
                const std::string busy = "-ERR [IN-USE] Mailbox is locked by another POP3 session.\r\n";
                (void)!::write(s.client.get(), busy.data(), busy.size());
                return 0;
            }
        }
        auto inbox = (*store)->open_mailbox("INBOX", {});
        if (!inbox) {
            return fail_session(s.client.get(), inbox.error().message);
        }
        pop3::run_pop3_session(s.client.get(), s.handoff.pending_input, **inbox, settings);
        return 0;
    });
}
