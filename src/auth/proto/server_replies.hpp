// What the auth service answers on both sockets, written by the service and parsed by Roost's
// client half (login processes, submission, the LDA, roostadm).
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

// Handshake of the auth-client socket.
struct Mech {
    std::string name;
    std::vector<std::string> flags;  // plaintext, dictionary, active, mutual-auth, anonymous, private ...
};
struct Spid {
    std::uint32_t pid = 0;
};
struct Cuid {
    std::uint32_t id = 0;
};
struct Cookie {
    std::string hex;
};
struct Done {};

// Answers to AUTH/CONT.
struct Cont {
    std::uint32_t id = 0;
    std::string data;  // base64 challenge, may be empty
};
struct Ok {
    std::uint32_t id = 0;
    std::vector<Param> params;  // user=..., then extra fields
};
struct Fail {
    std::uint32_t id = 0;
    std::vector<Param> params;  // reason=, code=, user=, temp ...
};

using ClientReply = std::variant<Version, Mech, Spid, Cuid, Cookie, Done, Cont, Ok, Fail>;
Result<ClientReply> parse_client_reply(std::string_view line);

// Answers on the master and userdb sockets.
struct UserFound {
    std::uint32_t id = 0;
    std::string user;
    std::vector<Param> fields;  // uid=, gid=, home=, mail= ...
};
struct PassFound {
    std::uint32_t id = 0;
    std::vector<Param> fields;  // user=, passdb extra fields
};
struct NotFound {
    std::uint32_t id = 0;
};
struct MasterFail {
    std::uint32_t id = 0;
    std::string reason;
};
struct ListUser {
    std::uint32_t id = 0;
    std::string user;
};
struct ListDone {
    std::uint32_t id = 0;
    bool failed = false;
};

using MasterReply = std::variant<Version, Spid, UserFound, PassFound, NotFound, MasterFail, ListUser, ListDone>;
Result<MasterReply> parse_master_reply(std::string_view line);

std::string format(const Mech& m);
std::string format(const Spid& s);
std::string format(const Cuid& c);
std::string format(const Cookie& c);
std::string format(const Done&);
std::string format(const Cont& c);
std::string format(const Ok& o);
std::string format(const Fail& f);
std::string format(const UserFound& u);
std::string format(const PassFound& p);
std::string format(const NotFound& n);
std::string format(const MasterFail& f);
std::string format(const ListUser& l);
std::string format(const ListDone& d);

}  // namespace roost::auth::proto
