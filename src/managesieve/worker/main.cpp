// roost-managesieve: the managesieve worker service. Started by the master, it takes over
// clients from managesieve-login; each runs in its own process as its mail user and manages
// that user's scripts where roost-lda reads them.
#include <unistd.h>

#include "config/config.hpp"
#include "core/log.hpp"
#include "managesieve/common/capability.hpp"
#include "managesieve/proto/response.hpp"
#include "managesieve/worker/managesieve_session.hpp"
#include "net/inherited_listeners.hpp"
#include "sieve/settings_parse.hpp"
#include "sieve_host/plugin_settings.hpp"
#include "worker/handoff_server.hpp"
#include "worker/service_start.hpp"
#include "worker/user_policy.hpp"

namespace {

using namespace roost;

constexpr int kExitUsage = 64;

const config::FilterContext kSieve{.protocol = "sieve"};

int fail_session(int fd, const std::string& why)
{
    log::error(why);
    const std::string reply =
        managesieve::proto::response("BYE", "TRYLATER", "Internal error occurred. Refer to server log for more information.");
    (void)!::write(fd, reply.data(), reply.size());
    return 1;
}

}  // namespace

int main(int argc, char** argv)
{
    auto started = worker::start_service(argc, argv, "managesieve", kSieve);
    if (!started.config) {
        return started.exit_code;
    }
    const config::Config& cfg = *started.config;
    auto listeners = net::inherited_listeners();
    if (!listeners || listeners->size() != 1 || listeners->front().kind != "unix") {
        log::fatal("expected one hand-off socket from the master (service managesieve { unix_listener login/sieve })");
        return kExitUsage;
    }
    const worker::WorkerSetup setup{"sieve", cfg.get("base_dir") + "/auth-master", worker::user_policy(cfg, kSieve), 0, "",
                                    worker::service_process_limit(cfg, "managesieve")};
    const managesieve::ServerSettings server = managesieve::server_settings(cfg);
    log::info("managesieve worker service ready");
    return worker::serve_handoffs(listeners->front().fd, setup, [&](worker::ClientSession&& s) {
        log::set_session(s.handoff.session);
        const sieve_host::PluginValues plugin = sieve_host::plugin_values(cfg, kSieve, s.user.fields);
        auto engine = sieve_host::engine_settings(plugin, {});
        if (!engine) {
            return fail_session(s.client.get(), engine.error().message);
        }
        const sieve_host::ScriptChain chain =
            sieve_host::resolve_script_chain(sieve_host::script_settings(plugin), s.user.home);
        const std::string dir = chain.personal_dir.empty() ? s.user.home + "/sieve" : chain.personal_dir;
        const std::string link = chain.active_link.empty() ? s.user.home + "/.dovecot.sieve" : chain.active_link;
        managesieve::ScriptQuota quota;
        for (const auto& [key, target] : {std::pair{"sieve_quota_max_scripts", &quota.max_scripts},
                                          std::pair{"sieve_quota_max_storage", &quota.max_storage}}) {
            const auto it = plugin.find(key);
            auto value = sieve::parse_size(it == plugin.end() || it->second.empty() ? "0" : it->second);
            if (!value) {
                return fail_session(s.client.get(), std::string("plugin ") + key + ": " + value.error().message);
            }
            *target = *value;
        }
        quota.max_script_size = engine->limits.max_script_size;
        managesieve::ScriptStore store(dir, link, quota);
        managesieve::SessionSettings settings{*engine, server, chain.global_dir};
        managesieve::run_managesieve_session(s.client.get(), s.handoff.pending_input, store, settings);
        return 0;
    });
}
