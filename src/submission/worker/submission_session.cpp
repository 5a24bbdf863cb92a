#include "submission/worker/submission_session.hpp"

#include <ctime>
#include <optional>
#include <vector>

#include "config/variables.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "smtp/proto/data_reader.hpp"
#include "smtp/proto/reply.hpp"
#include "smtp/proto/smtp_command.hpp"
#include "submission/worker/received_header.hpp"
#include "smtp/server/smtp_connection.hpp"

namespace roost::submission {
namespace {

using smtp::client::SmtpReply;
using smtp::proto::reply;

// Without submission_max_mail_size and without a SIZE from the relay, a message is held in
// memory up to this before it goes on.
constexpr std::uint64_t kFallbackMaxSize = 256ull * 1024 * 1024;

// The relay's reply for our client, every line with an enhanced status code (we announce
// ENHANCEDSTATUSCODES even when the relay does not).
std::string pass_on(const SmtpReply& r)
{
    const std::string enhanced = !r.enhanced.empty() ? r.enhanced : std::to_string(r.code / 100) + ".0.0";
    std::vector<std::string> lines;
    for (const std::string& l : r.lines) {
        lines.push_back(enhanced + " " + l);
    }
    if (lines.empty()) {
        lines.push_back(enhanced);
    }
    return smtp::proto::multiline_reply(r.code, lines);
}

class Session {
public:
    Session(int fd, std::string pending, const SessionSettings& settings, const ClientInfo& client,
            const SenderPolicy& senders, const RelayConnector& connect)
        : conn_(fd, std::move(pending), settings.idle_timeout, settings.hostname), settings_(settings), info_(client),
          senders_(senders), connect_(connect), helo_(client.helo)
    {
    }

    ~Session()
    {
        if (relay_) {
            relay_->quit();
        }
        config::Variables vars;
        vars.set("input", std::to_string(conn_.bytes_in()), 'i');
        vars.set("output", std::to_string(conn_.bytes_out()), 'o');
        vars.set("messages", std::to_string(messages_), 'm');
        auto line = config::expand_variables(settings_.logout_format, vars);
        log::info("Disconnected: ", line ? *line : settings_.logout_format);
    }

    void run()
    {
        conn_.send(reply(235, "2.7.0", "Logged in."));
        conn_.flush();
        open_relay();  // early, so EHLO can announce what the relay supports
        conn_.run_commands([this](const smtp::proto::SmtpCommand& cmd, int& bad) { return handle(cmd, bad); });
    }

private:
    // The relay session, opened now if there is none; false after logging why not.
    bool open_relay()
    {
        const auto now = std::chrono::steady_clock::now();
        if (relay_ && now - relay_used_ > settings_.relay_max_idle) {
            relay_->quit();
            relay_.reset();
        }
        relay_used_ = now;
        if (relay_) {
            return true;
        }
        auto opened = connect_();
        if (!opened) {
            log::error(opened.error().message);
            return false;
        }
        relay_ = std::move(*opened);
        return true;
    }

    // After a relay I/O error: the client hears 451 and the transaction is gone.
    void relay_lost(const Error& e)
    {
        log::error("relay: ", e.message);
        relay_.reset();
        reset();
        conn_.send(reply(451, "4.4.0", "Lost connection to relay server"));
    }

    bool relay_has(const std::string& keyword) const { return relay_ && relay_->capabilities().has(keyword); }

    std::uint64_t max_size() const
    {
        if (settings_.max_mail_size > 0) {
            return settings_.max_mail_size;
        }
        const auto relay_size = relay_ ? relay_->capabilities().size() : std::nullopt;
        return relay_size && *relay_size > 0 ? *relay_size : kFallbackMaxSize;
    }

    void reset()
    {
        mail_ = false;
        sender_.clear();
        recipients_.clear();
    }

    bool handle(const smtp::proto::SmtpCommand& cmd, int& bad)
    {
        const std::string& v = cmd.verb;
        if (v == "EHLO" || v == "HELO") {
            ehlo(cmd);
        } else if (v == "MAIL") {
            mail(cmd);
        } else if (v == "RCPT") {
            rcpt(cmd);
        } else if (v == "DATA") {
            data();
        } else if (v == "RSET") {
            if (mail_ && relay_) {
                if (auto r = relay_->command("RSET"); !r) {
                    relay_.reset();
                }
            }
            reset();
            conn_.send(reply(250, "2.0.0", "OK"));
        } else if (v == "NOOP") {
            conn_.send(reply(250, "2.0.0", "OK"));
        } else if (v == "QUIT") {
            conn_.send(reply(221, "2.0.0", "Bye"));
            return false;
        } else if (v == "VRFY") {
            conn_.send(reply(252, "2.3.3", "Try RCPT instead"));
        } else if (v == "HELP") {
            conn_.send(reply(214, "2.0.0", "https://www.rfc-editor.org/rfc/rfc6409"));
        } else if (v == "AUTH") {
            conn_.send(reply(503, "5.5.1", "Already authenticated"));
        } else if (v == "STARTTLS") {
            conn_.send(reply(503, "5.5.1", info_.tls ? "TLS is already active" : "STARTTLS only before AUTH"));
        } else {
            ++bad;
            conn_.send(reply(500, "5.5.2", "Unknown command"));
        }
        return true;
    }

    void ehlo(const smtp::proto::SmtpCommand& cmd)
    {
        const std::string domain(trim(cmd.argument));
        if (domain.empty()) {
            conn_.send(reply(501, "5.5.4", "Missing domain"));
            return;
        }
        if (mail_ && relay_) {
            (void)relay_->command("RSET");  // EHLO resets the transaction (RFC 5321 4.1.4)
        }
        reset();
        helo_ = domain;
        esmtp_ = cmd.verb == "EHLO";
        if (!esmtp_) {
            conn_.send(reply(250, "", settings_.hostname));
            return;
        }
        open_relay();
        std::vector<std::string> lines{settings_.hostname, "8BITMIME"};
        if (relay_has("DSN")) {
            lines.emplace_back("DSN");
        }
        lines.emplace_back("ENHANCEDSTATUSCODES");
        lines.emplace_back("PIPELINING");
        lines.push_back("SIZE " + std::to_string(max_size()));
        conn_.send(smtp::proto::multiline_reply(250, lines));
    }

    void mail(const smtp::proto::SmtpCommand& cmd)
    {
        if (mail_) {
            conn_.send(reply(503, "5.5.1", "MAIL already given"));
            return;
        }
        if (!sender_allowed(senders_, cmd.address)) {
            log::info("sender <", cmd.address, "> refused: not an address of ", info_.user);
            conn_.send(reply(553, "5.7.1", "<" + cmd.address + "> Sender address not owned by " + info_.user));
            return;
        }
        std::string line = "MAIL FROM:<" + cmd.address + ">";
        for (const auto& [key, value] : cmd.params) {
            if (key == "SIZE") {
                std::uint64_t declared = 0;
                try {
                    declared = std::stoull(value);
                } catch (const std::exception&) {
                    conn_.send(reply(501, "5.5.4", "Invalid SIZE parameter"));
                    return;
                }
                if (declared > max_size()) {
                    conn_.send(reply(552, "5.3.4", "Message too large"));
                    return;
                }
            }
        }
        if (!open_relay()) {
            conn_.send(reply(451, "4.4.0", "Failed to connect to relay server"));
            return;
        }
        for (const auto& [key, value] : cmd.params) {
            // Parameters go on only where the relay announced the extension.
            const bool pass = (key == "SIZE" && relay_has("SIZE")) || (key == "BODY" && relay_has("8BITMIME")) ||
                              ((key == "RET" || key == "ENVID") && relay_has("DSN")) ||
                              (key == "SMTPUTF8" && relay_has("SMTPUTF8"));
            if (pass) {
                line += " " + key + (value.empty() ? "" : "=" + value);
            }
        }
        auto r = relay_->command(line);
        if (!r) {
            // The relay may have closed an idle session (Postfix does after 300 s): once more.
            relay_.reset();
            if (!open_relay()) {
                conn_.send(reply(451, "4.4.0", "Failed to connect to relay server"));
                return;
            }
            r = relay_->command(line);
        }
        if (!r) {
            relay_lost(r.error());
            return;
        }
        if (r->positive()) {
            mail_ = true;
            sender_ = cmd.address;
        }
        conn_.send(pass_on(*r));
    }

    void rcpt(const smtp::proto::SmtpCommand& cmd)
    {
        if (!mail_) {
            conn_.send(reply(503, "5.5.1", "MAIL first"));
            return;
        }
        if (settings_.max_recipients > 0 && recipients_.size() >= settings_.max_recipients) {
            conn_.send(reply(452, "4.5.3", "Too many recipients"));
            return;
        }
        std::string line = "RCPT TO:<" + cmd.address + ">";
        for (const auto& [key, value] : cmd.params) {
            if ((key == "NOTIFY" || key == "ORCPT") && relay_has("DSN")) {
                line += " " + key + "=" + value;
            }
        }
        auto r = relay_->command(line);
        if (!r) {
            relay_lost(r.error());
            return;
        }
        if (r->positive()) {
            recipients_.push_back(cmd.address);
        }
        conn_.send(pass_on(*r));
    }

    void data()
    {
        if (!mail_) {
            conn_.send(reply(503, "5.5.1", "MAIL first"));
            return;
        }
        if (recipients_.empty()) {
            conn_.send(reply(554, "5.5.1", "No valid recipients"));
            return;
        }
        conn_.send(reply(354, "", "OK"));
        smtp::proto::DataReader reader(max_size());
        for (;;) {
            conn_.input().erase(0, reader.feed(conn_.input()));
            if (reader.done()) {
                break;
            }
            if (!conn_.read_more()) {
                return;
            }
        }
        if (reader.too_large()) {
            (void)relay_->command("RSET");
            reset();
            conn_.send(reply(552, "5.3.4", "Message too large"));
            return;
        }
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        ::localtime_r(&now, &local);
        ReceivedInfo received{helo_, info_.ip, settings_.hostname, esmtp_, info_.tls, info_.session, info_.user,
                              recipients_.size() == 1 ? recipients_.front() : std::string(), now,
                              static_cast<int>(local.tm_gmtoff / 60)};
        const std::string message = received_header(received) + reader.message();
        auto r = relay_->data(message);
        if (!r) {
            relay_lost(r.error());
            return;
        }
        relay_used_ = std::chrono::steady_clock::now();
        if (r->positive()) {
            ++messages_;
            log::info("sent message from <", sender_, "> to ", recipients_.size(), " recipient(s), ", message.size(),
                      " bytes: ", r->code, " ", r->text());
        }
        reset();
        conn_.send(pass_on(*r));
    }

    smtp::server::SmtpConnection conn_;
    const SessionSettings& settings_;
    const ClientInfo& info_;
    const SenderPolicy& senders_;
    const RelayConnector& connect_;
    std::unique_ptr<smtp::client::SmtpClient> relay_;
    std::chrono::steady_clock::time_point relay_used_;
    std::string helo_;
    bool esmtp_ = true;  // the hand-off came after EHLO: AUTH is an EHLO extension
    bool mail_ = false;
    std::string sender_;
    std::vector<std::string> recipients_;
    std::uint64_t messages_ = 0;
};

}  // namespace

void run_submission_session(int fd, std::string pending, const SessionSettings& settings, const ClientInfo& client,
                            const SenderPolicy& senders, const RelayConnector& connect)
{
    Session(fd, std::move(pending), settings, client, senders, connect).run();
}

}  // namespace roost::submission
