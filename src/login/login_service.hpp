// The main() of every login program (roost-imap-login, roost-pop3-login ...): reads the config,
// prepares TLS while it may still read the keys, drops to default_login_user chrooted into
// base_dir/login, and serves the listeners the master passed it, each client in a coroutine.
#pragma once

#include <functional>
#include <string>

#include "login/login_client.hpp"

namespace roost::login {

// Serves one client from greeting to hand-over or goodbye. Implicit TLS is already running.
using ServeClient = std::function<asio::awaitable<void>(LoginClient&)>;

// Returns the process's exit code: 0 after SIGTERM, 64 usage, 78 config errors, 70 others.
// `service_name` names the program when it is not the protocol (managesieve serves sieve).
int run_login_service(int argc, char** argv, const std::string& protocol, const ServeClient& serve,
                      const std::string& service_name = {});

}  // namespace roost::login
