// roost-managesieve: the managesieve worker service. Started by the master, it takes over
// clients from managesieve-login; each runs in its own process as its mail user and manages
// that user's scripts where roost-lda reads them.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "config/config.hpp"
#include "config/log_settings.hpp"
#include "core/log.hpp"
#include "managesieve/proto/response.hpp"
#include "managesieve/worker/managesieve_session.hpp"
#include "net/inherited_listeners.hpp"
#include "roost_build_config.hpp"
#include "sieve/settings_parse.hpp"
#include "sieve_host/plugin_settings.hpp"
#include "worker/handoff_server.hpp"
#include "worker/user_policy.hpp"

namespace {

using namespace roost;

constexpr int kExitUsage = 64;
constexpr int kExitConfig = 78;

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
    std::string config_path = std::getenv("ROOST_CONFIG") ? std::getenv("ROOST_CONFIG")
                                                          : std::string(ROOST_SYSCONFDIR) + "/roost.conf";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-c" && i + 1 < argc) {
            config_path = argv[++i];
        } else {
            std::cerr << "usage: roost-managesieve [-c CONFIG]   (started by the roost master)\n";
            return arg == "--help" ? 0 : kExitUsage;
        }
    }
    log::set_process("managesieve");
    config::LoadResult loaded = config::load_config(config_path);
    if (!loaded.ok()) {
        for (const config::Diagnostic& d : loaded.diagnostics) {
            std::cerr << "roost-managesieve: " << d.str() << "\n";
        }
        return kExitConfig;
    }
    const config::Config& cfg = *loaded.config;
    if (auto r = log::configure(config::log_settings(cfg, config::LogRole::Mail, kSieve)); !r) {
        std::cerr << "roost-managesieve: " << r.error().message << "\n";
        return kExitConfig;
    }
    auto listeners = net::inherited_listeners();
    if (!listeners || listeners->size() != 1 || listeners->front().kind != "unix") {
        log::fatal("expected one hand-off socket from the master (service managesieve { unix_listener login/sieve })");
        return kExitUsage;
    }
    const worker::WorkerSetup setup{"sieve", cfg.get("base_dir") + "/auth-master", worker::user_policy(cfg, kSieve)};
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
        managesieve::SessionSettings settings{*engine, chain.global_dir};
        managesieve::run_managesieve_session(s.client.get(), s.handoff.pending_input, store, settings);
        return 0;
    });
}
