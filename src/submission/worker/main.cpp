// roost-submission: the submission worker service. Started by the master (as root when the
// master is), it takes over clients from submission-login; each runs in its own process as its
// mail user and relays the client's mail to submission_relay_host.
#include <unistd.h>

#include "auth/proto/master_commands.hpp"
#include "config/config.hpp"
#include "core/log.hpp"
#include "net/inherited_listeners.hpp"
#include "smtp/client/sasl_client.hpp"
#include "submission/worker/relay.hpp"
#include "submission/worker/sender_check.hpp"
#include "submission/worker/submission_session.hpp"
#include "worker/handoff_server.hpp"
#include "worker/service_start.hpp"
#include "worker/user_policy.hpp"

namespace {

using namespace roost;

constexpr int kExitUsage = 64;
constexpr int kExitConfig = 78;
constexpr int kExitSoftware = 70;

std::string hostname_setting(const config::Config& cfg, const config::FilterContext& ctx)
{
    std::string name = cfg.get("hostname", ctx);
    if (name.empty()) {
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        name = host;
    }
    return name;
}

}  // namespace

int main(int argc, char** argv)
{
    const config::FilterContext ctx{.protocol = "submission"};
    auto started = worker::start_service(argc, argv, "submission", ctx);
    if (!started.config) {
        return started.exit_code;
    }
    const config::Config& cfg = *started.config;
    const std::string hostname = hostname_setting(cfg, ctx);
    auto relay = submission::relay_settings(cfg, ctx, hostname);
    if (!relay) {
        log::fatal(relay.error().message);
        return kExitConfig;
    }
    // libsasl2 loads its client plugins from disk: now, before any session drops privileges.
    if (auto sasl = smtp::client::SaslClient::init(); !sasl) {
        log::fatal(sasl.error().message);
        return kExitSoftware;
    }
    submission::SessionSettings settings;
    settings.hostname = hostname;
    settings.max_mail_size = cfg.get_size("submission_max_mail_size", ctx);
    settings.max_recipients = cfg.get_uint("submission_max_recipients", ctx);
    settings.logout_format = cfg.get("submission_logout_format", ctx);
    settings.relay_max_idle = cfg.get_time("submission_relay_max_idle_time", ctx);
    settings.idle_timeout = std::chrono::duration_cast<std::chrono::seconds>(cfg.get_time("submission_timeout", ctx));
    // Settings of Dovecot's submission service that Roost does not act on yet: said once, at start.
    for (const char* unused : {"submission_relay_rawlog_dir", "submission_client_workarounds"}) {
        if (!cfg.get(unused, ctx).empty()) {
            log::warning(unused, " is not implemented by Roost's submission service and is ignored");
        }
    }
    const std::string delimiters = cfg.get("recipient_delimiter", ctx);

    auto listeners = net::inherited_listeners();
    if (!listeners || listeners->size() != 1 || listeners->front().kind != "unix") {
        log::fatal("expected one hand-off socket from the master (service submission { unix_listener login/submission })");
        return kExitUsage;
    }
    const worker::WorkerSetup setup{"submission", cfg.get("base_dir") + "/auth-master", worker::user_policy(cfg, ctx)};
    const submission::RelaySettings& relay_to = *relay;
    log::info("submission worker service ready");
    return worker::serve_handoffs(listeners->front().fd, setup, [&](worker::ClientSession&& s) {
        log::set_session(s.handoff.session);
        const submission::SenderPolicy senders = submission::sender_policy(
            s.user.name, hostname, auth::proto::param_value(s.user.fields, "submission_senders"), delimiters);
        const submission::ClientInfo client{s.user.name, s.handoff.helo, s.handoff.remote_ip, s.handoff.remote_port,
                                            s.handoff.session, s.handoff.tls};
        const submission::RelayedClient who{client.ip, client.port, client.helo, client.user};
        const submission::RelayConnector connect = [&relay_to, &who] { return submission::connect_relay(relay_to, who); };
        submission::run_submission_session(s.client.get(), std::move(s.handoff.pending_input), settings, client,
                                           senders, connect);
        return 0;
    });
}
