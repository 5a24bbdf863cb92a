// Listening sockets: unix sockets with the mode and owner the config asks for (replacing a stale
// socket file left by a crash, never a live one), and TCP listeners.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/unique_fd.hpp"

namespace roost::net {

struct UnixListenerSpec {
    std::string path;
    unsigned mode = 0600;
    std::optional<uid_t> owner;  // chown when set (needs root)
    std::optional<gid_t> group;
    int backlog = 128;
};

// A listening, non-blocking, close-on-exec unix socket at spec.path. Refuses when another
// process is listening there (address in use).
Result<UniqueFd> listen_unix(const UnixListenerSpec& spec);

struct TcpListenerSpec {
    std::string address;  // "*" for IPv4 any, "::" for IPv6 any, or an address
    unsigned short port = 0;
    bool reuse_port = false;
    int backlog = 128;
};

// A listening, non-blocking, close-on-exec TCP socket. Port 0 picks a free port.
Result<UniqueFd> listen_tcp(const TcpListenerSpec& spec);

// The local port of a bound socket (for port 0 listeners).
Result<unsigned short> local_port(int fd);

}  // namespace roost::net
