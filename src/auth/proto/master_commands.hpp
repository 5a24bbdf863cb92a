// What trusted clients (the LDA, mail workers, roostadm, the master) send on the auth-master and
// auth-userdb sockets: user and password lookups, user listing, and login hand-off requests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/proto/client_commands.hpp"
#include "auth/proto/fields.hpp"
#include "core/result.hpp"

namespace roost::auth::proto {

// USER <id> <user> [service=lda ...]: the userdb fields of a user.
struct UserLookup {
    std::uint32_t id = 0;
    std::string user;
    std::vector<Param> params;
};

// PASS <id> <user> [service=...]: the passdb fields of a user, without verifying a password.
struct PassLookup {
    std::uint32_t id = 0;
    std::string user;
    std::vector<Param> params;
};

// LIST <id> [params]: every user the userdbs can iterate.
struct ListUsers {
    std::uint32_t id = 0;
    std::vector<Param> params;
};

// REQUEST <id> <client-pid> <client-connection-id> <cookie> [params]: the result of a finished
// login on another connection; the cookie from that connection's handshake proves ownership.
struct LoginRequest {
    std::uint32_t id = 0;
    std::uint32_t client_pid = 0;
    std::uint32_t auth_id = 0;  // the AUTH id on the client's connection
    std::string cookie;
    std::vector<Param> params;
};

using MasterCommand = std::variant<Version, Cpid, UserLookup, PassLookup, ListUsers, LoginRequest>;

Result<MasterCommand> parse_master_command(std::string_view line);

std::string format(const UserLookup& u);
std::string format(const PassLookup& p);
std::string format(const ListUsers& l);
std::string format(const LoginRequest& r);

// The value of `key` among params, or "" when absent.
std::string param_value(const std::vector<Param>& params, std::string_view key);

}  // namespace roost::auth::proto
