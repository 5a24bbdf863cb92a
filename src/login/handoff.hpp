// Handoff: what a login process tells a mail worker when it passes it a logged-in client's
// connection (with the descriptor, over the worker's unix socket). The worker trusts none of it
// for the user's identity: it asks auth-master with the auth id and cookie (REQUEST), so a
// compromised login process can only hand over logins that really succeeded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::login {

struct Handoff {
    std::string protocol;         // "imap", "pop3", ...
    std::uint32_t login_pid = 0;  // the CPID the login process announced to auth
    std::uint32_t auth_id = 0;    // the AUTH id that succeeded
    std::string cookie;           // the auth connection's COOKIE
    std::string local_ip;
    std::string remote_ip;
    unsigned local_port = 0;
    unsigned remote_port = 0;
    bool tls = false;      // the login process stays in the path as the TLS proxy
    bool secured = false;  // TLS, or a connection from this host
    std::string session;   // the session id in log lines
    std::string tag;       // IMAP: the tag of the LOGIN/AUTHENTICATE the worker answers OK to
    std::string helo;      // submission: the client's EHLO domain, so it need not greet the worker again
    // Bytes the client sent after its login command (pipelining), for the worker to read first.
    std::string pending_input;
};

// One line: TAB-separated key=value fields (auth protocol escaping), ending in LF.
std::string format_handoff(const Handoff& h);
// Unknown keys are ignored (a newer login process); a missing protocol, login_pid, auth_id or
// cookie is an error.
Result<Handoff> parse_handoff(std::string_view line);

// The worker's answer on the same connection: "OK" once it serves the client, or "FAIL\treason"
// (with a third field "limit" when the user has too many sessions from that address)
// (the login process tells the client it failed and closes).
struct HandoffReply {
    bool ok = false;
    std::string reason;
    // The user has mail_max_userip_connections sessions already: the client may be told why.
    bool limit_reached = false;
};
std::string format_handoff_reply(const HandoffReply& r);
Result<HandoffReply> parse_handoff_reply(std::string_view line);

}  // namespace roost::login
