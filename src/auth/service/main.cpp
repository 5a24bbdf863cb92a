// roost-auth: the auth service. Answers "who is this and may they in?" for login processes,
// Postfix (smtpd_sasl_type = dovecot), the submission service, the LDA and roostadm, on the unix
// sockets of `service auth`. Started by the master, or on its own: roost-auth -c CONFIG.
#include <sys/stat.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "auth/auth_settings.hpp"
#include "auth/db/db_factory.hpp"
#include "auth/password_verifier.hpp"
#include "auth/sasl/sasl_engine.hpp"
#include "auth/service/auth_core.hpp"
#include "auth/service/auth_server.hpp"
#include "config/config.hpp"
#include "config/log_settings.hpp"
#include "core/log.hpp"
#include "net/inherited_listeners.hpp"
#include "net/listen.hpp"
#include "net/privileges.hpp"
#include "roost_build_config.hpp"

namespace po = boost::program_options;
using namespace roost;
using namespace roost::auth;

namespace {

constexpr int kExitConfig = 78;  // EX_CONFIG
constexpr int kExitSoftware = 70;

std::string default_config()
{
    const char* env = std::getenv("ROOST_CONFIG");
    return env != nullptr ? env : std::string(ROOST_SYSCONFDIR) + "/roost.conf";
}

// Builds the passdb and userdb chains from the configuration.
Result<std::pair<PassdbChain, UserdbChain>> build_chains(const config::Config& cfg, const AuthSettings& settings)
{
    std::vector<PassdbChain::Entry> passdbs;
    const auto passdb_sections = cfg.sections("passdb");
    for (std::size_t i = 0; i < passdb_sections.size(); ++i) {
        auto db = make_passdb(*passdb_sections[i]);
        if (!db) {
            return Error{db.error().code, passdb_sections[i]->where.str() + ": passdb: " + db.error().message};
        }
        passdbs.push_back({std::move(*db), settings.passdbs[i]});
    }
    std::vector<UserdbChain::Entry> userdbs;
    const auto userdb_sections = cfg.sections("userdb");
    for (std::size_t i = 0; i < userdb_sections.size(); ++i) {
        auto db = make_userdb(*userdb_sections[i]);
        if (!db) {
            return Error{db.error().code, userdb_sections[i]->where.str() + ": userdb: " + db.error().message};
        }
        userdbs.push_back({std::move(*db), settings.userdbs[i]});
    }
    AuthCache cache(settings.cache_size, settings.cache_ttl, settings.cache_negative_ttl);
    return std::pair(PassdbChain(std::move(passdbs), verify_stored_password, std::move(cache)),
                     UserdbChain(std::move(userdbs)));
}

std::string socket_path(const std::string& base_dir, const std::string& name)
{
    return name.empty() || name[0] == '/' ? name : base_dir + "/" + name;
}

bool needs_root(const AuthSettings& s)
{
    for (const DbSettings& p : s.passdbs) {
        if (p.driver == "pam" || p.driver == "shadow") {
            return true;
        }
    }
    return false;
}

}  // namespace

int main(int argc, char** argv)
{
    po::options_description opts("Usage: roost-auth [-c CONFIG]\nOptions");
    opts.add_options()("help", "show this help")("config,c", po::value<std::string>()->default_value(default_config()),
                                                  "configuration file");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, opts), vm);
    } catch (const po::error& e) {
        std::cerr << "roost-auth: " << e.what() << "\n" << opts;
        return 64;
    }
    if (vm.count("help")) {
        std::cout << opts;
        return 0;
    }
    log::set_process("auth");
    const std::string path = vm["config"].as<std::string>();
    config::LoadResult loaded = config::load_config(path);
    for (const config::Diagnostic& d : loaded.diagnostics) {
        if (d.severity == config::Diagnostic::Severity::Error) {
            std::cerr << "roost-auth: " << d.str() << "\n";
        }
    }
    if (!loaded.ok()) {
        return kExitConfig;
    }
    const config::Config& cfg = *loaded.config;
    if (auto r = log::configure(config::log_settings(cfg, config::LogRole::Auth)); !r) {
        std::cerr << "roost-auth: " << r.error().message << "\n";
        return kExitConfig;
    }
    const AuthSettings settings = read_auth_settings(cfg);
    auto engine = SaslEngine::init(settings.mechanisms);
    if (!engine) {
        log::fatal(engine.error().message);
        return kExitConfig;
    }
    auto chains = build_chains(cfg, settings);
    if (!chains) {
        log::fatal(chains.error().message);
        return kExitConfig;
    }

    // Sockets are made before privileges go: they may live in root-owned directories.
    const std::string base_dir = cfg.get("base_dir");
    ::mkdir(base_dir.c_str(), 0755);
    net::asio::io_context io;
    auto core = std::make_unique<AuthCore>(settings, **engine, std::move(chains->first), std::move(chains->second));
    AuthServer server(io, std::move(core), settings);
    const config::Section* service = cfg.service("auth");
    auto inherited = net::inherited_listeners();
    if (!inherited) {
        log::fatal(inherited.error().message);
        return kExitSoftware;
    }
    for (const net::InheritedListener& l : *inherited) {
        server.listen(UniqueFd(l.fd), listener_kind(l.name));
    }
    // Started by hand rather than by the master: bind the listeners of `service auth` ourselves.
    for (const config::Section& listener : inherited->empty() ? service->children : std::vector<config::Section>{}) {
        if (listener.type != "unix_listener") {
            continue;
        }
        net::UnixListenerSpec spec;
        spec.path = socket_path(base_dir, listener.name);
        spec.mode = static_cast<unsigned>(std::strtoul(config::Config::section_value(listener, "mode").c_str(), nullptr, 8));
        const std::string owner = config::Config::section_value(listener, "user");
        const std::string group = config::Config::section_value(listener, "group");
        if (!owner.empty()) {
            auto who = net::system_user(owner);
            if (!who) {
                log::fatal(listener.where.str(), ": ", who.error().message);
                return kExitConfig;
            }
            spec.owner = who->uid;
        }
        if (!group.empty()) {
            auto gid = net::system_group(group);
            if (!gid) {
                log::fatal(listener.where.str(), ": ", gid.error().message);
                return kExitConfig;
            }
            spec.group = *gid;
        }
        auto fd = net::listen_unix(spec);
        if (!fd) {
            log::fatal(fd.error().message);
            return kExitSoftware;
        }
        server.listen(std::move(*fd), listener_kind(listener.name));
    }

    if (::geteuid() == 0) {
        std::string user = config::Config::section_value(*service, "user");
        if (user.empty() && !needs_root(settings)) {
            user = cfg.get("default_internal_user");
        }
        if (!user.empty() && user != "root") {
            auto who = net::system_user(user);
            if (!who) {
                log::fatal("service auth: ", who.error().message);
                return kExitConfig;
            }
            if (auto r = net::become(*who); !r) {
                log::fatal(r.error().message);
                return kExitSoftware;
            }
        } else if (needs_root(settings)) {
            log::info("staying root: a pam or shadow passdb needs it to check other users' passwords");
        }
    }

    net::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
        server.stop();
        io.stop();
    });
    std::signal(SIGPIPE, SIG_IGN);
    log::info("auth service ready");
    io.run();
    return 0;
}
