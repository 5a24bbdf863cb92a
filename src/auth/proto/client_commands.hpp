// What auth clients (login processes, Postfix, submission) send on the auth-client socket, parsed
// into typed commands, and written back out for Roost's own client half.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/proto/fields.hpp"
#include "core/result.hpp"

namespace roost::auth::proto {

struct Version {
    unsigned major = 0;
    unsigned minor = 0;
};

struct Cpid {
    std::uint32_t pid = 0;
};

// AUTH <id> <mechanism> [service=... lip=... rip=... secured ... resp=<base64>]
struct AuthCommand {
    std::uint32_t id = 0;
    std::string mechanism;
    std::string service;
    std::string local_ip;
    std::string remote_ip;
    unsigned local_port = 0;
    unsigned remote_port = 0;
    bool secured = false;             // TLS, or a connection from this host
    bool valid_client_cert = false;
    bool no_penalty = false;          // do not count failures against the address
    std::string cert_username;
    std::string session;
    std::string local_name;           // TLS SNI
    // The initial response as sent (base64; "" for an empty one); nullopt when none was sent.
    std::optional<std::string> initial_response;
    std::vector<Param> other;         // parameters this version does not know, kept
};

// CONT <id> <base64>
struct ContCommand {
    std::uint32_t id = 0;
    std::string data;
};

using ClientCommand = std::variant<Version, Cpid, AuthCommand, ContCommand>;

// Parses one line (without LF). Errors name what is wrong; the caller decides whether the
// connection survives (an unknown command closes it, as in Dovecot).
Result<ClientCommand> parse_client_command(std::string_view line);

std::string format(const Version& v);
std::string format(const Cpid& c);
std::string format(const AuthCommand& a);
std::string format(const ContCommand& c);

// Parses a decimal 32-bit id; nullopt for anything else ("", "-1", "4294967296", "1x").
std::optional<std::uint32_t> parse_id(std::string_view text);

}  // namespace roost::auth::proto
