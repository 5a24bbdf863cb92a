// The worker side of the login hand-off.
#include "worker/handoff_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <new>

#include "auth/client/auth_client.hpp"
#include "core/log.hpp"
#include "net/fd_passing.hpp"
#include "net/privileges.hpp"
#include "worker/connection_slots.hpp"

namespace roost::worker {
namespace {

namespace proto = auth::proto;

std::atomic<bool> g_stop{false};

void on_stop(int) { g_stop = true; }

int fail(int connection, const std::string& why, bool limit_reached = false)
{
    log::error("hand-off refused: ", why);
    const std::string line = login::format_handoff_reply({false, why, limit_reached});
    (void)!::write(connection, line.data(), line.size());
    return 1;
}

// The userdb answer for the hand-off, from auth-master.
Result<proto::UserFound> prove_login(const login::Handoff& h, const std::string& socket)
{
    auto master = auth::UserdbClient::connect(socket);
    if (!master) {
        return master.error();
    }
    auto reply = master->request(h.login_pid, h.auth_id, h.cookie);
    if (!reply) {
        return reply.error();
    }
    if (auto* found = std::get_if<proto::UserFound>(&*reply)) {
        return std::move(*found);
    }
    const auto* failed = std::get_if<proto::MasterFail>(&*reply);
    return Error{std::make_error_code(std::errc::permission_denied),
                 "auth-master did not confirm the login: " +
                     (failed != nullptr ? failed->reason : std::string("user unknown to userdb"))};
}

}  // namespace

int take_handoff(UniqueFd connection, const WorkerSetup& setup, const SessionRunner& run)
{
    auto received = net::receive_fd(connection.get());
    if (!received) {
        log::error("hand-off: ", received.error().message);
        return 1;
    }
    if (!received->fd.valid()) {
        return fail(connection.get(), "no client connection came with the hand-off");
    }
    std::string line = received->payload;
    if (!line.empty() && line.back() == '\n') {
        line.pop_back();
    }
    auto handoff = login::parse_handoff(line);
    if (!handoff) {
        return fail(connection.get(), handoff.error().message);
    }
    if (handoff->protocol != setup.protocol) {
        return fail(connection.get(), "this service serves " + setup.protocol + ", not " + handoff->protocol);
    }
    auto found = prove_login(*handoff, setup.auth_master_socket);
    if (!found) {
        return fail(connection.get(), found.error().message);
    }
    auto user = resolve_mail_user(found->user, found->fields, setup.policy);
    if (!user) {
        return fail(connection.get(), user.error().message);
    }
    // Held until this process ends with the session.
    auto slot = claim_connection_slot(setup.slots_dir, setup.protocol, user->name, handoff->remote_ip,
                                      setup.max_userip_connections);
    if (!slot) {
        return fail(connection.get(), slot.error().message);
    }
    if (!*slot) {
        const std::string why = connection_limit_text(setup.max_userip_connections);
        log::info(why, ": user=<", user->name, ">, rip=", handoff->remote_ip);
        return fail(connection.get(), why, true);
    }
    const net::Identity identity{user->uid, user->gid, user->extra_groups, user->chroot};
    if (auto became = net::become(identity); !became) {
        return fail(connection.get(), "cannot become " + user->name + ": " + became.error().message);
    }
    log::set_user(user->name);
    const std::string ok = login::format_handoff_reply({true, {}});
    if (::write(connection.get(), ok.data(), ok.size()) != static_cast<ssize_t>(ok.size())) {
        log::error("hand-off: the login process went away");
        return 1;
    }
    connection.reset();
    return run(ClientSession{std::move(received->fd), std::move(*handoff), std::move(*user)});
}

namespace {

int run_logged(const ConnectionRunner& run, UniqueFd connection)
{
    // A session that runs out of memory (vsz_limit) or meets another exception ends with a
    // log line naming why, not a silent abort.
    try {
        return run(std::move(connection));
    } catch (const std::bad_alloc&) {
        log::error("Out of memory (service's vsz_limit reached?): session ended");
    } catch (const std::exception& e) {
        log::error("session ended: ", e.what());
    }
    return 1;
}

}  // namespace

int serve_connections(const std::vector<int>& listeners, const ConnectionRunner& run, unsigned process_limit)
{
    struct sigaction stop {};
    stop.sa_handler = on_stop;
    ::sigaction(SIGTERM, &stop, nullptr);
    ::sigaction(SIGINT, &stop, nullptr);
    std::vector<pollfd> polled;
    for (int fd : listeners) {
        polled.push_back({fd, POLLIN, 0});
    }
    unsigned running = 0;
    bool full = false;
    while (!g_stop) {
        while (running > 0 && ::waitpid(-1, nullptr, WNOHANG) > 0) {
            --running;
        }
        const bool at_limit = process_limit > 0 && running >= process_limit;
        if (at_limit && !full) {
            log::warning("process_limit (", process_limit, ") reached, new clients wait");
        }
        full = at_limit;
        for (pollfd& p : polled) {
            p.events = at_limit ? 0 : POLLIN;
        }
        // A timeout rather than SIGCHLD handling: finished sessions are reaped within a second.
        if (::poll(polled.data(), polled.size(), at_limit ? 100 : 1000) <= 0) {
            continue;
        }
        for (const pollfd& p : polled) {
            if ((p.revents & POLLIN) == 0 || (process_limit > 0 && running >= process_limit)) {
                continue;
            }
            UniqueFd connection(::accept4(p.fd, nullptr, nullptr, SOCK_CLOEXEC));
            if (!connection.valid()) {
                continue;  // EAGAIN (another process took it), ECONNABORTED ...
            }
            const pid_t pid = ::fork();
            if (pid < 0) {
                log::error("fork failed: ", std::strerror(errno));
                continue;
            }
            if (pid == 0) {
                ::signal(SIGTERM, SIG_DFL);
                ::signal(SIGINT, SIG_DFL);
                for (int fd : listeners) {
                    ::close(fd);
                }
                ::_exit(run_logged(run, std::move(connection)));
            }
            ++running;
        }
    }
    return 0;
}

int serve_handoffs(int listener, const WorkerSetup& setup, const SessionRunner& run)
{
    return serve_connections(
        {listener}, [&](UniqueFd connection) { return take_handoff(std::move(connection), setup, run); },
        setup.process_limit);
}

}  // namespace roost::worker
