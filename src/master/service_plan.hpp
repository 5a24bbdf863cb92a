// ServicePlan: what the master will run, read from the configuration: each service whose protocol
// is enabled and whose program exists, with its listeners. Services Roost has not built yet are
// listed as skipped, with the reason, rather than pretended.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace roost::master {

struct ListenerPlan {
    bool unix_socket = true;
    std::string name;     // unix: the configured name (as services see it); inet: the listener's name
    std::string path;     // unix: absolute path
    unsigned mode = 0600;
    std::string owner;
    std::string group;
    std::string address;  // inet: one address ("*", "::", "127.0.0.1")
    unsigned short port = 0;
    bool ssl = false;
    bool reuse_port = false;
};

struct ServicePlan {
    std::string name;
    std::string executable;  // absolute path of the program
    std::vector<std::string> arguments;
    std::string user;        // empty: the service decides (it starts as the master's user)
    unsigned processes = 1;
    // Address space per process in bytes (RLIMIT_AS, Dovecot's vsz_limit); 0: no limit.
    std::uint64_t vsz_limit = 0;
    std::vector<ListenerPlan> listeners;
};

struct Plan {
    std::vector<ServicePlan> services;
    std::vector<std::string> skipped;  // "imap-login: its program roost-imap-login is not built yet"
};

// Finds the program for a service's `executable` name; nullopt when it does not exist.
using ProgramFinder = std::function<std::optional<std::string>(const std::string& name)>;

Plan make_plan(const config::Config& config, const ProgramFinder& find_program);

// The default finder: absolute paths as they are; a bare name N as roost-N (or N) in
// $ROOST_LIBEXEC_DIR, the installed libexec directory, or the build tree.
std::optional<std::string> find_program(const std::string& name);

}  // namespace roost::master
