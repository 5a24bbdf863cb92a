// One LMTP connection (RFC 2033) from the MTA: LHLO, MAIL, RCPT (each recipient looked up in
// the userdb at once), DATA or BDAT chunks (RFC 3030) with one reply per recipient at the end,
// RSET, NOOP, QUIT. Each recipient's delivery runs as that user, through the same code as
// roost-lda.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "config/config.hpp"
#include "lda/deliver.hpp"

namespace roost::lmtp {

struct LmtpSettings {
    std::string hostname;
    std::string client_ip;                 // for the Received: header
    bool save_to_detail_mailbox = false;   // lmtp_save_to_detail_mailbox
    bool add_received_header = true;       // lmtp_add_received_header
    bool rcpt_check_quota = false;         // lmtp_rcpt_check_quota
    std::string recipient_delimiter = "+";
    std::size_t max_message_size = 256 * 1024 * 1024;
};

// How the session reaches the userdb and delivers; main() wires the real ones, tests may not.
struct LmtpHost {
    std::function<lda::UserLookup(const std::string& user)> lookup;
    // Delivers `message` to one user, in a process of its own as that user.
    std::function<lda::DeliveryResult(const lda::UserLookup& user, const lda::DeliveryRequest&, const std::string& message)>
        deliver;
    // lmtp_rcpt_check_quota: Delivered when a message of `size` bytes (0: unknown) fits, else
    // the refusal or temporary failure to answer RCPT with. Unset: no check.
    std::function<lda::DeliveryResult(const lda::UserLookup& user, const std::string& recipient, std::uint64_t size)>
        check_quota;
};

// Serves the MTA on `fd` (blocking) until QUIT or the connection ends.
void run_lmtp_session(int fd, const LmtpSettings& settings, const LmtpHost& host);

// "alice+lists@example.com" with delimiter "+" -> {"alice@example.com", "lists"}.
std::pair<std::string, std::string> split_detail(const std::string& address, const std::string& delimiters);

}  // namespace roost::lmtp
