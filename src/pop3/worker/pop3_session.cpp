// The POP3 transaction state.
#include "pop3/worker/pop3_session.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <vector>

#include "config/variables.hpp"
#include "core/line_receiver.hpp"
#include "core/log.hpp"
#include "pop3/proto/pop3_command.hpp"
#include "pop3/worker/dot_stuffing.hpp"
#include "worker/client_connection.hpp"

namespace roost::pop3 {
namespace {

using storage::Flag;
using storage::Flags;

// The client's lines over a ClientConnection.
class Connection {
public:
    Connection(int fd, std::string pending, std::chrono::seconds timeout) : client_(fd), timeout_(timeout)
    {
        lines_.feed(pending);
    }

    // The next line without CR LF (empty for a line too long to keep); nullopt at end of
    // stream, on an error, or after the idle timeout.
    std::optional<std::string> read_line()
    {
        for (;;) {
            if (auto e = lines_.next()) {
                return e->kind == LineReceiver::Event::Kind::TooLong ? std::string() : std::move(e->line);
            }
            auto r = client_.read_some(timeout_);
            if (r.status == worker::ClientConnection::ReadStatus::TimedOut) {
                send("-ERR Disconnected for inactivity.\r\n");
            }
            if (r.status != worker::ClientConnection::ReadStatus::Data) {
                return std::nullopt;
            }
            lines_.feed(r.bytes);
        }
    }

    void send(std::string_view bytes) { client_.send(bytes); }
    std::uint64_t bytes_in() const { return client_.bytes_in(); }
    std::uint64_t bytes_out() const { return client_.bytes_out(); }

private:
    worker::ClientConnection client_;
    std::chrono::seconds timeout_;
    LineReceiver lines_{proto::kMaxLine};
};

struct Message {
    std::uint32_t uid = 0;
    std::uint64_t size = 0;  // as sent: CRLF line ends
    bool deleted = false;
    bool retrieved = false;
};

class Session {
public:
    Session(Connection& conn, storage::Mailbox& inbox, const Pop3Settings& settings)
        : conn_(conn), inbox_(inbox), settings_(settings)
    {
        for (std::uint32_t seq = 1; seq <= inbox.count(); ++seq) {
            const auto size = inbox.virtual_size(seq);
            messages_.push_back({inbox.message(seq).uid, size ? *size : inbox.message(seq).size});
            counts_.size += messages_.back().size;
        }
        counts_.messages = messages_.size();
    }

    ~Session()
    {
        counts_.bytes_in = conn_.bytes_in();
        counts_.bytes_out = conn_.bytes_out();
        log::info("Disconnected: ", quit_ ? "Logged out " : "Connection closed ",
                  logout_line(settings_.logout_format, counts_));
    }

    void run()
    {
        conn_.send("+OK Logged in.\r\n");
        while (auto line = conn_.read_line()) {
            auto cmd = proto::parse_command(*line);
            if (!cmd) {
                conn_.send("-ERR " + cmd.error().message + "\r\n");
                continue;
            }
            if (cmd->keyword == "QUIT") {
                quit_ = true;
                quit();
                return;
            }
            handle(*cmd);
        }
    }

private:
    // The message a client's number names, or nullptr (after saying why).
    Message* find(const std::string& number)
    {
        const auto n = proto::parse_message_number(number);
        if (!n || *n > messages_.size()) {
            conn_.send("-ERR There's no message " + number.substr(0, 20) + ".\r\n");
            return nullptr;
        }
        Message& m = messages_[*n - 1];
        if (m.deleted) {
            conn_.send("-ERR Message is deleted.\r\n");
            return nullptr;
        }
        return &m;
    }

    std::string uidl_of(const Message& m) const { return settings_.uidl.expand(m.uid, inbox_.uidvalidity()); }

    void listing(const std::vector<std::string>& args, bool uidl)
    {
        if (!args.empty()) {
            if (const Message* m = find(args[0])) {
                const std::size_t n = static_cast<std::size_t>(m - messages_.data()) + 1;
                conn_.send("+OK " + std::to_string(n) + " " + (uidl ? uidl_of(*m) : std::to_string(m->size)) + "\r\n");
            }
            return;
        }
        std::string out = "+OK\r\n";
        for (std::size_t i = 0; i < messages_.size(); ++i) {
            if (!messages_[i].deleted) {
                out += std::to_string(i + 1) + " " + (uidl ? uidl_of(messages_[i]) : std::to_string(messages_[i].size)) + "\r\n";
            }
        }
        conn_.send(out + ".\r\n");
    }

    void retrieve(Message& m, std::optional<std::uint64_t> body_lines)
    {
        auto data = inbox_.read_message(m.uid);
        if (!data) {
            // Expunged by another session meanwhile (IMAP): nothing to send.
            conn_.send("-ERR Message was expunged meanwhile.\r\n");
            return;
        }
        if (!body_lines) {
            m.retrieved = true;
        }
        const std::string text = dot_stuffed(*data, body_lines, settings_.outlook_no_nuls, settings_.oe_ns_eoh);
        (body_lines ? counts_.top_count : counts_.retr_count) += 1;
        (body_lines ? counts_.top_bytes : counts_.retr_bytes) += text.size();
        conn_.send("+OK " + (body_lines ? std::string() : std::to_string(m.size) + " octets") + "\r\n" + text);
    }

    void handle(const proto::Command& cmd)
    {
        const auto& a = cmd.args;
        if (cmd.keyword == "STAT") {
            std::uint64_t count = 0;
            std::uint64_t bytes = 0;
            for (const Message& m : messages_) {
                if (!m.deleted) {
                    ++count;
                    bytes += m.size;
                }
            }
            conn_.send("+OK " + std::to_string(count) + " " + std::to_string(bytes) + "\r\n");
        } else if (cmd.keyword == "LIST" || cmd.keyword == "UIDL") {
            listing(a, cmd.keyword == "UIDL");
        } else if (cmd.keyword == "RETR" && a.size() == 1) {
            if (Message* m = find(a[0])) {
                retrieve(*m, std::nullopt);
            }
        } else if (cmd.keyword == "TOP" && a.size() == 2) {
            const auto lines = proto::parse_count(a[1]);
            if (!lines) {
                conn_.send("-ERR Invalid number of lines.\r\n");
            } else if (Message* m = find(a[0])) {
                retrieve(*m, *lines);
            }
        } else if (cmd.keyword == "DELE" && a.size() == 1) {
            if (Message* m = find(a[0])) {
                m->deleted = true;
                conn_.send("+OK Marked to be deleted.\r\n");
            }
        } else if (cmd.keyword == "RSET") {
            for (Message& m : messages_) {
                m.deleted = false;
            }
            conn_.send("+OK\r\n");
        } else if (cmd.keyword == "NOOP") {
            conn_.send("+OK\r\n");
        } else if (cmd.keyword == "CAPA") {
            conn_.send("+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n.\r\n");
        } else if (cmd.keyword == "RETR" || cmd.keyword == "TOP" || cmd.keyword == "DELE") {
            conn_.send("-ERR Wrong number of arguments.\r\n");
        } else {
            conn_.send("-ERR Unknown command: " + cmd.keyword + "\r\n");
        }
    }

    // The UPDATE state: retrieved messages become \Seen, deleted ones go.
    void quit()
    {
        std::vector<std::uint32_t> seen;
        std::vector<std::uint32_t> deleted;
        for (const Message& m : messages_) {
            if (m.deleted) {
                deleted.push_back(m.uid);
            } else if (m.retrieved && !settings_.no_flag_updates) {
                seen.push_back(m.uid);
            }
        }
        bool ok = true;
        if (!seen.empty()) {
            ok = static_cast<bool>(inbox_.store(seen, storage::StoreMode::Add, Flags(Flag::Seen), {}));
        }
        if (!deleted.empty()) {
            if (!settings_.deleted_flag.empty()) {
                ok = ok && static_cast<bool>(inbox_.store(deleted, storage::StoreMode::Add, Flags(), {settings_.deleted_flag}));
            } else {
                auto gone = inbox_.expunge(deleted);
                if (!gone) {
                    log::error("QUIT: expunge failed: ", gone.error().message);
                    ok = false;
                }
            }
        }
        conn_.send(ok ? "+OK Logging out, messages deleted.\r\n"
                      : "-ERR [SYS/TEMP] Failed to update the mailbox; nothing was lost.\r\n");
        if (ok) {
            counts_.deleted = deleted.size();
        }
    }

    Connection& conn_;
    storage::Mailbox& inbox_;
    const Pop3Settings& settings_;
    std::vector<Message> messages_;
    Pop3Counts counts_;
    bool quit_ = false;
};

}  // namespace

std::string logout_line(const std::string& format, const Pop3Counts& c)
{
    config::Variables vars;
    vars.set("input", std::to_string(c.bytes_in), 'i');
    vars.set("output", std::to_string(c.bytes_out), 'o');
    vars.set("top_count", std::to_string(c.top_count), 't');
    vars.set("top_bytes", std::to_string(c.top_bytes), 'p');
    vars.set("retr_count", std::to_string(c.retr_count), 'r');
    vars.set("retr_bytes", std::to_string(c.retr_bytes), 'b');
    vars.set("deleted_count", std::to_string(c.deleted), 'd');
    vars.set("message_count", std::to_string(c.messages), 'm');
    vars.set("size", std::to_string(c.size), 's');
    auto line = config::expand_variables(format, vars);
    return line ? *line : format;
}

void run_pop3_session(int fd, std::string pending, storage::Mailbox& inbox, const Pop3Settings& settings)
{
    Connection conn(fd, std::move(pending), settings.idle_timeout);
    Session(conn, inbox, settings).run();
}

}  // namespace roost::pop3
