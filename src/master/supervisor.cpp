// Supervisor: the master's child processes.
#include "master/supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "core/log.hpp"
#include "net/inherited_listeners.hpp"
#include "net/listen.hpp"
#include "net/privileges.hpp"

namespace roost::master {

namespace asio = net::asio;

namespace {

// Why a child stopped, for the log line every crash gets.
std::string describe_exit(int status)
{
    if (WIFSIGNALED(status)) {
        return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + ::strsignal(WTERMSIG(status)) +
               ")" + (WCOREDUMP(status) ? ", core dumped" : "");
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

Result<UniqueFd> bind_listener(const ListenerPlan& l)
{
    if (!l.unix_socket) {
        return net::listen_tcp({.address = l.address, .port = l.port, .reuse_port = l.reuse_port});
    }
    net::UnixListenerSpec spec{.path = l.path, .mode = l.mode};
    if (!l.owner.empty()) {
        auto who = net::system_user(l.owner);
        if (!who) {
            return who.error();
        }
        spec.owner = who->uid;
    }
    if (!l.group.empty()) {
        auto gid = net::system_group(l.group);
        if (!gid) {
            return gid.error();
        }
        spec.group = *gid;
    }
    return net::listen_unix(spec);
}

}  // namespace

Supervisor::Supervisor(asio::io_context& io, std::string config_path) : io_(io), config_path_(std::move(config_path)) {}

Supervisor::~Supervisor() { stop(std::chrono::seconds(5)); }

Result<void> Supervisor::bind(Plan plan)
{
    stopping_ = false;
    for (ServicePlan& p : plan.services) {
        auto s = std::make_unique<Service>();
        for (const ListenerPlan& l : p.listeners) {
            auto fd = bind_listener(l);
            if (!fd) {
                return Error{fd.error().code, "service " + p.name + ": " + fd.error().message};
            }
            s->listeners.push_back(std::move(*fd));
        }
        s->plan = std::move(p);
        services_.push_back(std::move(s));
    }
    return {};
}

void Supervisor::run_all()
{
    for (auto& s : services_) {
        for (unsigned i = 0; i < s->plan.processes; ++i) {
            spawn(*s);
        }
    }
}

namespace {

// vsz_limit: a runaway process (a huge mailbox, a leak) fails its own allocations instead of
// pushing the host into swap. AddressSanitizer reserves terabytes of address space up front,
// so sanitizer builds run without the limit.
void limit_address_space(std::uint64_t bytes)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)bytes;
#else
    if (bytes > 0) {
        const rlimit limit{static_cast<rlim_t>(bytes), static_cast<rlim_t>(bytes)};
        ::setrlimit(RLIMIT_AS, &limit);
    }
#endif
}

}  // namespace

void Supervisor::spawn(Service& service)
{
    std::vector<net::InheritedListener> inherited;
    for (std::size_t i = 0; i < service.listeners.size(); ++i) {
        const ListenerPlan& l = service.plan.listeners[i];
        inherited.push_back({service.listeners[i].get(), l.unix_socket ? "unix" : "inet", l.name, l.ssl});
    }
    const std::string env = std::string(net::kListenersEnv) + "=" + net::format_listeners(inherited);
    std::vector<std::string> args{service.plan.executable, "-c", config_path_};
    args.insert(args.end(), service.plan.arguments.begin(), service.plan.arguments.end());
    std::optional<net::Identity> identity;
    if (!service.plan.user.empty() && ::geteuid() == 0) {
        auto who = net::system_user(service.plan.user);
        if (!who) {
            log::error("service ", service.plan.name, ": ", who.error().message);
            schedule_restart(service, kMaxBackoff);
            return;
        }
        identity = *who;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        log::error("service ", service.plan.name, ": fork failed: ", std::strerror(errno));
        schedule_restart(service, std::chrono::seconds(1));
        return;
    }
    if (pid == 0) {
        // The child: default signals, its listeners kept open across exec, then the program.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (const auto& fd : service.listeners) {
            ::fcntl(fd.get(), F_SETFD, 0);
        }
        if (identity && !net::become(*identity)) {
            ::_exit(71);
        }
        limit_address_space(service.plan.vsz_limit);
        ::putenv(const_cast<char*>(env.c_str()));  // NOLINT: the child execs right away
        std::vector<char*> argv;
        for (std::string& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    children_[pid] = Child{&service, std::chrono::steady_clock::now()};
    log::debug("service ", service.plan.name, ": started process ", pid);
}

void Supervisor::child_exited(pid_t pid, int status)
{
    const auto it = children_.find(pid);
    if (it == children_.end()) {
        return;
    }
    Service& service = *it->second.service;
    const auto lived = std::chrono::steady_clock::now() - it->second.started;
    children_.erase(it);
    if (stopping_ || service.stopping) {
        return;
    }
    log::error("service ", service.plan.name, ": process ", pid, " ", describe_exit(status));
    // A process that ran a while before dying starts over; quick deaths back off.
    service.failures = lived > std::chrono::seconds(60) ? 1 : service.failures + 1;
    auto delay = std::chrono::milliseconds(500);
    for (unsigned i = 1; i < service.failures && delay < kMaxBackoff; ++i) {
        delay *= 2;
    }
    schedule_restart(service, std::min<std::chrono::milliseconds>(delay, kMaxBackoff));
}

void Supervisor::schedule_restart(Service& service, std::chrono::milliseconds delay)
{
    auto timer = std::make_shared<asio::steady_timer>(io_, delay);
    timer->async_wait([this, &service, timer](const boost::system::error_code& ec) {
        if (!ec && !stopping_) {
            spawn(service);
        }
    });
}

void Supervisor::stop(std::chrono::milliseconds grace)
{
    stopping_ = true;
    for (const auto& [pid, child] : children_) {
        ::kill(pid, SIGTERM);
    }
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (!children_.empty()) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            children_.erase(pid);
            continue;
        }
        if (pid < 0 && errno == ECHILD) {
            children_.clear();
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            for (const auto& [p, child] : children_) {
                log::error("service ", child.service->plan.name, ": process ", p, " ignored SIGTERM; killing it");
                ::kill(p, SIGKILL);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            while (::waitpid(-1, &status, WNOHANG) > 0) {
            }
            children_.clear();
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (auto& s : services_) {
        for (const ListenerPlan& l : s->plan.listeners) {
            if (l.unix_socket) {
                ::unlink(l.path.c_str());
            }
        }
    }
    services_.clear();
}

}  // namespace roost::master
