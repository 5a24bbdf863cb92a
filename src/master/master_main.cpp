// roost: the master process. Reads the configuration, binds every listener while root, runs
// and supervises the services, reloads on SIGHUP and stops on SIGTERM. "roost stop" and
// "roost reload" signal a running master. It never parses client input.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <thread>

#include "config/config.hpp"
#include "config/log_settings.hpp"
#include "core/log.hpp"
#include "master/pid_file.hpp"
#include "master/service_plan.hpp"
#include "master/supervisor.hpp"
#include "net/asio.hpp"
#include "roost_build_config.hpp"

namespace po = boost::program_options;
using namespace roost;

namespace {

constexpr int kExitConfig = 78;

std::string default_config()
{
    const char* env = std::getenv("ROOST_CONFIG");
    return env != nullptr ? env : std::string(ROOST_SYSCONFDIR) + "/roost.conf";
}

std::unique_ptr<config::Config> load(const std::string& path, bool to_stderr)
{
    config::LoadResult r = config::load_config(path);
    for (const config::Diagnostic& d : r.diagnostics) {
        if (d.severity == config::Diagnostic::Severity::Notice) {
            continue;
        }
        if (to_stderr) {
            std::cerr << "roost: " << d.str() << "\n";
        } else if (d.severity == config::Diagnostic::Severity::Error) {
            log::error(d.str());
        } else {
            log::warning(d.str());
        }
    }
    return std::move(r.config);
}

// "roost stop" / "roost reload": signal the master named in the pid file.
int signal_master(const config::Config& cfg, const std::string& command)
{
    const std::string pid_path = cfg.get("base_dir") + "/master.pid";
    const auto pid = master::running_master(pid_path);
    if (!pid) {
        std::cerr << "roost: not running (no live master in " << pid_path << ")\n";
        return 1;
    }
    ::kill(*pid, command == "stop" ? SIGTERM : SIGHUP);
    if (command == "reload") {
        return 0;
    }
    for (int i = 0; i < 300; ++i) {
        if (::kill(*pid, 0) != 0) {
            return 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::cerr << "roost: master " << *pid << " did not stop within 30 seconds\n";
    return 1;
}

void daemonize()
{
    if (::fork() > 0) {
        ::_exit(0);
    }
    ::setsid();
    if (::fork() > 0) {
        ::_exit(0);
    }
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (null > 2) {
        ::close(null);
    }
    if (::chdir("/") != 0) {
        // nothing left to report to: stderr is /dev/null now
    }
}

Result<void> start_services(master::Supervisor& supervisor, const config::Config& cfg)
{
    master::Plan plan = master::make_plan(cfg, master::find_program);
    for (const std::string& s : plan.skipped) {
        log::info("service ", s);
    }
    return supervisor.bind(std::move(plan));
}

}  // namespace

int main(int argc, char** argv)
{
    po::options_description opts("Usage: roost [-c CONFIG] [-F] [stop|reload]\nOptions");
    opts.add_options()("help", "show this help")("version", "show the version")(
        "config,c", po::value<std::string>()->default_value(default_config()), "configuration file")(
        "foreground,F", "stay in the foreground (do not daemonize)")("command", po::value<std::string>(),
                                                                     "stop or reload a running master");
    po::positional_options_description pos;
    pos.add("command", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
    } catch (const po::error& e) {
        std::cerr << "roost: " << e.what() << "\n" << opts;
        return 64;
    }
    if (vm.count("help")) {
        std::cout << opts;
        return 0;
    }
    if (vm.count("version")) {
        std::cout << "roost " << ROOST_VERSION << "\n";
        return 0;
    }
    const std::string path = vm["config"].as<std::string>();
    auto cfg = load(path, true);
    if (!cfg) {
        return kExitConfig;
    }
    if (vm.count("command")) {
        const std::string command = vm["command"].as<std::string>();
        if (command != "stop" && command != "reload") {
            std::cerr << "roost: unknown command " << command << " (stop or reload)\n";
            return 64;
        }
        return signal_master(*cfg, command);
    }

    log::set_process("master");
    const std::string base_dir = cfg->get("base_dir");
    const std::string pid_path = base_dir + "/master.pid";
    if (const auto other = master::running_master(pid_path)) {
        std::cerr << "roost: already running with pid " << *other << "\n";
        return 1;
    }
    ::mkdir(base_dir.c_str(), 0755);
    if (auto r = log::configure(config::log_settings(*cfg, config::LogRole::Other)); !r) {
        std::cerr << "roost: " << r.error().message << "\n";
        return kExitConfig;
    }
    // Signals are blocked until Asio waits for them, so none is lost in between.
    sigset_t handled;
    sigemptyset(&handled);
    for (const int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) {
        sigaddset(&handled, sig);
    }
    ::sigprocmask(SIG_BLOCK, &handled, nullptr);

    net::asio::io_context io;
    master::Supervisor supervisor(io, path);
    if (auto r = start_services(supervisor, *cfg); !r) {
        std::cerr << "roost: " << r.error().message << "\n";
        return 1;
    }
    if (!vm.count("foreground")) {
        daemonize();
    }
    if (auto r = master::claim_pid_file(pid_path); !r) {
        log::fatal(r.error().message);
        return 1;
    }
    net::asio::signal_set signals(io, SIGCHLD, SIGTERM, SIGINT);
    signals.add(SIGHUP);
    ::sigprocmask(SIG_UNBLOCK, &handled, nullptr);
    std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec, int sig) {
        if (ec) {
            return;
        }
        if (sig == SIGCHLD) {
            int status = 0;
            pid_t pid = 0;
            while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
                supervisor.child_exited(pid, status);
            }
        } else if (sig == SIGHUP) {
            log::info("reloading ", path);
            if (auto fresh = load(path, false)) {
                supervisor.stop();
                cfg = std::move(fresh);
                if (auto r = start_services(supervisor, *cfg); !r) {
                    log::error("reload: ", r.error().message);
                }
                supervisor.run_all();
            } else {
                log::error("reload: the configuration has errors; keeping the running one");
            }
        } else {
            log::info("stopping on signal ", sig);
            supervisor.stop();
            io.stop();
            return;
        }
        signals.async_wait(on_signal);
    };
    signals.async_wait(on_signal);
    supervisor.run_all();
    log::info("Roost ", ROOST_VERSION, " started (", supervisor.running(), " processes)");
    io.run();
    master::release_pid_file(pid_path);
    return 0;
}
