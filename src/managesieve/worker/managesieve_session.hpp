// A logged-in ManageSieve client in its worker process (RFC 5804 section 2 after AUTHENTICATE):
// CAPABILITY, HAVESPACE, PUTSCRIPT, LISTSCRIPTS, SETACTIVE, GETSCRIPT, DELETESCRIPT,
// RENAMESCRIPT, CHECKSCRIPT, NOOP, LOGOUT. Scripts are compiled before they are stored or
// activated, and refused with the compiler's "line:column: message" errors.
#pragma once

#include <chrono>
#include <string>

#include "managesieve/common/capability.hpp"
#include "managesieve/worker/script_store.hpp"
#include "sieve/settings.hpp"

namespace roost::managesieve {

struct SessionSettings {
    sieve::Settings sieve;
    ServerSettings server;
    std::string global_dir;                      // for include :global while compiling
    std::chrono::seconds idle_timeout{30 * 60};  // as Dovecot's managesieve
};

// Serves the client on `fd` (blocking; the process serves only this client). `pending` is input
// that arrived with the hand-off. Returns when the client logs out, goes away or times out.
void run_managesieve_session(int fd, std::string pending, ScriptStore& store, const SessionSettings& settings);

}  // namespace roost::managesieve
