// One logged-in submission client (RFC 6409), in its worker process as the mail user: EHLO,
// MAIL with the sender checked against the user's addresses, RCPT, DATA with the size limit
// and a Received: header, RSET, NOOP, QUIT. Each command goes on to the relay at once and the
// relay's reply comes back to the client as it was (per recipient for RCPT).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "smtp/client/smtp_client.hpp"
#include "submission/worker/sender_check.hpp"

namespace roost::submission {

struct SessionSettings {
    std::string hostname;
    std::uint64_t max_mail_size = 0;  // submission_max_mail_size; 0: the relay's SIZE
    std::uint64_t max_recipients = 0;  // 0: no limit
    std::string logout_format = "in=%i out=%o";
    std::chrono::seconds idle_timeout{300};  // submission_timeout: the client's silence
    // submission_relay_max_idle_time: a relay session unused this long is closed and opened anew.
    std::chrono::milliseconds relay_max_idle{29 * 60 * 1000};
};

// Who the client is, from the login process's hand-off.
struct ClientInfo {
    std::string user;
    std::string helo;  // from EHLO before AUTH
    std::string ip;
    unsigned port = 0;
    std::string session;
    bool tls = false;
};

// Opens a session with the relay; main() connects to submission_relay_host, tests elsewhere.
using RelayConnector = std::function<Result<std::unique_ptr<smtp::client::SmtpClient>>()>;

// Serves the client on `fd` (blocking) until QUIT or the connection ends; `pending` is what
// the client sent after AUTH before the hand-off.
void run_submission_session(int fd, std::string pending, const SessionSettings& settings, const ClientInfo& client,
                            const SenderPolicy& senders, const RelayConnector& connect);

}  // namespace roost::submission
