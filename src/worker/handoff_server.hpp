// Taking over clients that login processes hand to a mail worker service: each hand-off gets
// its own process, which proves the login to auth-master (REQUEST), becomes the mail user and
// only then runs the protocol session. The service's main process never runs as a user and
// never reads client bytes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/unique_fd.hpp"
#include "login/handoff.hpp"
#include "worker/mail_user.hpp"

namespace roost::worker {

struct WorkerSetup {
    std::string protocol;            // the hand-offs this service accepts ("imap")
    std::string auth_master_socket;  // base_dir/auth-master
    UserPolicy policy;
    // mail_max_userip_connections (0: none), counted in slot files under slots_dir.
    unsigned max_userip_connections = 0;
    std::string slots_dir;  // base_dir/userip
    // The service's process_limit: sessions at once (0: no limit). Beyond it new hand-offs wait.
    unsigned process_limit = 0;
};

// What a protocol session starts with, in its own process, already running as the user.
struct ClientSession {
    UniqueFd client;  // the client's connection (or the login process's TLS proxy socket)
    login::Handoff handoff;
    MailUser user;
};

// Runs one session to its end; returns the process's exit code.
using SessionRunner = std::function<int(ClientSession&&)>;

// Handles one hand-off connection in the calling process: receives the client descriptor,
// asks auth-master, checks and becomes the user, answers the login process and runs the
// session. Returns the exit code; failures are logged and answered with FAIL.
int take_handoff(UniqueFd connection, const WorkerSetup& setup, const SessionRunner& run);

// Accepts connections on `listeners` until SIGTERM or SIGINT, forking a process per connection
// that runs `run` and exits with its result, and reaping them. With `process_limit` processes
// running, nothing more is accepted until one ends (clients wait in the listen queue, as with
// Dovecot's process_limit). Returns 0 on a clean stop.
using ConnectionRunner = std::function<int(UniqueFd)>;
int serve_connections(const std::vector<int>& listeners, const ConnectionRunner& run, unsigned process_limit = 0);

// serve_connections() on the hand-off socket, each connection going to take_handoff().
int serve_handoffs(int listener, const WorkerSetup& setup, const SessionRunner& run);

}  // namespace roost::worker
