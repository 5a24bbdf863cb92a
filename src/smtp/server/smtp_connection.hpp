// SmtpConnection: the client of an SMTP-family service (LMTP, submission) as both sessions read
// it: lines with an idle timeout, the bytes after them for DATA and BDAT readers, and the command
// loop with its limits on line length and bad commands. Blocking: each session is a process.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "smtp/proto/smtp_command.hpp"
#include "worker/client_connection.hpp"

namespace roost::smtp::server {

class SmtpConnection {
public:
    // `pending`: bytes that came with a hand-off; `who` goes in front of the 421 sent after
    // `idle` without input ("mx.example.com Disconnected for inactivity").
    SmtpConnection(int fd, std::string pending, std::chrono::seconds idle, std::string who = {});

    void send(std::string_view bytes) { client_.send(bytes); }
    void flush() { client_.flush(); }
    std::uint64_t bytes_in() const { return client_.bytes_in(); }
    std::uint64_t bytes_out() const { return client_.bytes_out(); }

    // Bytes received and not used yet (DATA and BDAT readers take theirs from the front).
    std::string& input() { return in_; }
    // Appends what the client sends next; false when it went away or stayed idle too long.
    bool read_more();

    // Reads commands until `handle` returns false, the client goes away, or ten bad commands
    // (a line too long, one that does not parse, or those `handle` counts in `bad`).
    using Handler = std::function<bool(const proto::SmtpCommand& command, int& bad)>;
    void run_commands(const Handler& handle);

private:
    // The next line without CR LF; a line longer than the limit comes back too long (and is
    // refused); nullopt when the connection ends.
    std::optional<std::string> next_line();

    worker::ClientConnection client_;
    std::string in_;
    std::chrono::seconds idle_;
    std::string who_;
};

}  // namespace roost::smtp::server
