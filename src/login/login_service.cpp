// A login process: its set-up, privilege drop and accept loops.
#include "login/login_service.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "config/config.hpp"
#include "config/log_settings.hpp"
#include "config/value_parse.hpp"
#include "core/log.hpp"
#include "net/inherited_listeners.hpp"
#include "net/privileges.hpp"
#include "roost_build_config.hpp"

namespace roost::login {
namespace {

constexpr int kExitUsage = 64;
constexpr int kExitSoftware = 70;
constexpr int kExitConfig = 78;

std::string default_config()
{
    const char* env = std::getenv("ROOST_CONFIG");
    return env != nullptr ? env : std::string(ROOST_SYSCONFDIR) + "/roost.conf";
}

// IPv4 or IPv6, from the inherited socket itself.
tcp protocol_of(int fd)
{
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    return addr.ss_family == AF_INET6 ? tcp::v6() : tcp::v4();
}

// The clients of this process (from accept until they log out, TLS-proxied sessions included)
// against the service's client_limit.
struct ClientCount {
    unsigned limit = 0;  // 0: none
    unsigned now = 0;
    bool full = false;   // the limit was hit and logged
};

asio::awaitable<void> serve_one(const LoginEnv& env, tcp::socket socket, bool implicit_tls, const ServeClient& serve,
                                ClientCount& count)
{
    // accept_loop() counted this client before it spawned this coroutine.
    struct Release {
        ClientCount& c;
        ~Release() { --c.now; }
    } release{count};
    LoginClient client(env, std::move(socket));
    log::debug("connection from ", client.remote_ip());
    if (implicit_tls) {
        if (auto tls = co_await client.start_tls(); !tls) {
            log::info(tls.error().message, " (rip=", client.remote_ip(), ")");
            co_return;
        }
    }
    co_await serve(client);
}

asio::awaitable<void> accept_loop(const LoginEnv& env, tcp::acceptor& acceptor, bool implicit_tls,
                                  const ServeClient& serve, ClientCount& count)
{
    asio::steady_timer pause(acceptor.get_executor());
    for (;;) {
        // At client_limit, clients wait in the listen queue until one of ours leaves.
        while (count.limit > 0 && count.now >= count.limit) {
            if (!count.full) {
                log::warning("client_limit (", count.limit, ") reached, new clients wait");
                count.full = true;
            }
            pause.expires_after(std::chrono::milliseconds(50));
            boost::system::error_code waited;
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, waited));
        }
        count.full = false;
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted) {
            co_return;
        }
        if (ec) {
            continue;  // a client that went away before accept, or fd exhaustion for a moment
        }
        ++count.now;  // here, not in serve_one(), which starts only after this loop yields
        asio::co_spawn(acceptor.get_executor(), serve_one(env, std::move(socket), implicit_tls, serve, count),
                       [](const std::exception_ptr& e) {
                           if (e) {
                               try {
                                   std::rethrow_exception(e);
                               } catch (const std::exception& x) {
                                   log::error("login client: ", x.what());
                               }
                           }
                       });
    }
}

// `service NAME { client_limit }`, or default_client_limit when it is 0.
unsigned client_limit(const config::Config& cfg, const std::string& service)
{
    std::uint64_t limit = 0;
    if (const config::Section* s = cfg.service(service)) {
        limit = config::parse_uint(config::Config::section_value(*s, "client_limit")).value_or(0);
    }
    return static_cast<unsigned>(limit > 0 ? limit : cfg.get_uint("default_client_limit"));
}

}  // namespace

int run_login_service(int argc, char** argv, const std::string& protocol, const ServeClient& serve,
                      const std::string& service_name)
{
    const std::string program = (service_name.empty() ? protocol : service_name) + "-login";
    std::string config_path = default_config();
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-c" && i + 1 < argc) {
            config_path = argv[++i];
        } else {
            std::cerr << "usage: roost-" << program << " [-c CONFIG]   (started by the roost master)\n";
            return arg == "--help" ? 0 : kExitUsage;
        }
    }
    log::set_process(program);
    config::LoadResult loaded = config::load_config(config_path);
    for (const config::Diagnostic& d : loaded.diagnostics) {
        if (d.severity == config::Diagnostic::Severity::Error) {
            std::cerr << "roost-" << program << ": " << d.str() << "\n";
        }
    }
    if (!loaded.ok()) {
        return kExitConfig;
    }
    const config::Config& cfg = *loaded.config;
    const config::FilterContext ctx{.protocol = protocol};
    if (auto r = log::configure(config::log_settings(cfg, config::LogRole::Other, ctx)); !r) {
        std::cerr << "roost-" << program << ": " << r.error().message << "\n";
        return kExitConfig;
    }
    auto listeners = net::inherited_listeners();
    if (!listeners || listeners->empty()) {
        log::fatal("no listeners; login processes are started by the roost master");
        return kExitUsage;
    }

    LoginEnv env;
    env.protocol = protocol;
    env.disable_plaintext_auth = cfg.get_bool("disable_plaintext_auth", ctx);
    env.trusted_networks = cfg.get_list("login_trusted_networks", ctx);
    env.greeting = cfg.get("login_greeting", ctx);
    env.config = &cfg;
    // TLS keys are read now, while the process may still read them.
    auto tls = read_listener_tls(cfg, ctx);
    if (!tls) {
        log::fatal(tls.error().message);
        return kExitConfig;
    }
    env.tls_mode = tls->mode;
    env.cert_username_field = tls->cert_username_field;
    if (tls->mode != TlsMode::Off) {
        auto context = net::TlsContext::create(tls->settings);
        if (!context) {
            log::fatal(context.error().message);
            return kExitConfig;
        }
        env.tls = std::move(*context);
    }

    // Everything this process reaches afterwards lives in base_dir/login: the auth service's
    // login socket and the worker service's hand-off socket.
    const std::string login_dir = cfg.get("base_dir") + "/login";
    std::string socket_dir = login_dir;
    if (::geteuid() == 0) {
        auto who = net::system_user(cfg.get("default_login_user"));
        if (!who) {
            log::fatal("default_login_user: ", who.error().message);
            return kExitConfig;
        }
        who->groups.clear();
        who->chroot = login_dir;
        if (auto r = net::become(*who); !r) {
            log::fatal(r.error().message);
            return kExitSoftware;
        }
        socket_dir.clear();  // the chroot's root
    }
    env.auth_socket = socket_dir + "/login";
    env.worker_socket = socket_dir + "/" + protocol;

    asio::io_context io;
    ClientCount count{client_limit(cfg, program)};
    std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
    for (const net::InheritedListener& l : *listeners) {
        if (l.kind != "inet") {
            continue;
        }
        auto& acceptor = acceptors.emplace_back(std::make_unique<tcp::acceptor>(io));
        acceptor->assign(protocol_of(l.fd), l.fd);
        if (l.ssl && !env.tls) {
            log::fatal("listener ", l.name, " has ssl = yes but ssl = no globally");
            return kExitConfig;
        }
        asio::co_spawn(io, accept_loop(env, *acceptor, l.ssl, serve, count), asio::detached);
    }
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    std::signal(SIGPIPE, SIG_IGN);
    log::info(program, " ready");
    io.run();
    return 0;
}

}  // namespace roost::login
