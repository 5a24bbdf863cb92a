// Pop3Session: a logged-in POP3 client in its worker process (RFC 1939 TRANSACTION and UPDATE
// states): STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP, CAPA, QUIT. The message list is fixed
// at login; deletions happen only at QUIT, so a dropped connection deletes nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "pop3/worker/uidl_format.hpp"
#include "storage/mailbox.hpp"

namespace roost::pop3 {

struct Pop3Settings {
    UidlFormat uidl;
    bool no_flag_updates = false;    // pop3_no_flag_updates: no \Seen for retrieved messages
    std::string deleted_flag;        // pop3_deleted_flag: a keyword instead of expunging
    bool outlook_no_nuls = false;    // pop3_client_workarounds
    bool oe_ns_eoh = false;          // pop3_client_workarounds: add a missing end-of-header line
    std::chrono::seconds idle_timeout{600};  // RFC 1939's ten-minute autologout
    // pop3_logout_format: %i/%o bytes in/out, %t/%p TOPs and their bytes, %r/%b RETRs and their
    // bytes, %d/%m deleted and all messages, %s the mailbox's size at login.
    std::string logout_format = "top=%t/%p, retr=%r/%b, del=%d/%m, size=%s";
};

// The session's counts, for the logout line.
struct Pop3Counts {
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t top_count = 0;
    std::uint64_t top_bytes = 0;
    std::uint64_t retr_count = 0;
    std::uint64_t retr_bytes = 0;
    std::uint64_t deleted = 0;
    std::uint64_t messages = 0;
    std::uint64_t size = 0;
};

// pop3_logout_format expanded; the format as written when it does not expand.
std::string logout_line(const std::string& format, const Pop3Counts& counts);

// Serves the client on `fd` (blocking I/O; the process serves only this client). `pending` is
// input that arrived with the hand-off. Returns when the client quits, goes away or times out.
void run_pop3_session(int fd, std::string pending, storage::Mailbox& inbox, const Pop3Settings& settings);

}  // namespace roost::pop3
