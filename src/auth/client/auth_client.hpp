// Blocking clients of the auth service's sockets, for programs that ask one thing and go on:
// the LDA and roostadm (userdb lookups on auth-userdb, login tests on auth-client). Login
// processes, which serve many clients at once, use the same protocol library asynchronously.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "auth/proto/client_commands.hpp"
#include "auth/proto/server_replies.hpp"
#include "core/line_receiver.hpp"
#include "core/result.hpp"
#include "core/unique_fd.hpp"

namespace roost::auth {

// One connection to a unix socket, reading and writing whole lines with a timeout.
class LineSocket {
public:
    static Result<LineSocket> connect(const std::string& path, std::chrono::milliseconds timeout);
    Result<void> write(const std::string& line);
    // The next line (without LF); an error at end of stream, on timeout, or for an over-long line.
    Result<std::string> read_line();

private:
    LineSocket(UniqueFd fd, std::chrono::milliseconds timeout) : fd_(std::move(fd)), timeout_(timeout) {}
    UniqueFd fd_;
    std::chrono::milliseconds timeout_;
    LineReceiver lines_{65536, false};
};

// auth-userdb / auth-master: USER, PASS, LIST, and REQUEST on auth-master.
class UserdbClient {
public:
    static Result<UserdbClient> connect(const std::string& path,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // USER lookup: UserFound, NotFound or MasterFail.
    Result<proto::MasterReply> user(const std::string& user, const std::string& service);
    Result<proto::MasterReply> pass(const std::string& user, const std::string& service);
    Result<std::vector<std::string>> list();
    // REQUEST (auth-master only): the userdb answer for a login that finished on another
    // connection, proven by that connection's process id, AUTH id and cookie. UserFound,
    // NotFound or MasterFail (unknown, expired or already taken).
    Result<proto::MasterReply> request(std::uint32_t login_pid, std::uint32_t auth_id, const std::string& cookie);

private:
    explicit UserdbClient(LineSocket socket) : socket_(std::move(socket)) {}
    Result<proto::MasterReply> next_reply();
    LineSocket socket_;
    std::uint32_t next_id_ = 1;
};

// auth-client: a whole PLAIN login, as a login process would make it.
struct LoginOutcome {
    bool ok = false;
    std::vector<proto::Param> fields;  // OK or FAIL parameters (user=, reason=, temp ...)
    std::vector<proto::Mech> mechanisms;
};
Result<LoginOutcome> plain_login(const std::string& path, const std::string& service, const std::string& user,
                                 const std::string& password, bool secured,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace roost::auth
