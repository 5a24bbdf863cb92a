#include "lmtp/lmtp_session.hpp"

#include <cstdlib>
#include <ctime>
#include <optional>
#include <vector>

#include "core/log.hpp"
#include "sieve/mail_composer.hpp"
#include "smtp/proto/chunk_reader.hpp"
#include "smtp/proto/data_reader.hpp"
#include "smtp/proto/reply.hpp"
#include "smtp/proto/smtp_command.hpp"
#include "smtp/server/smtp_connection.hpp"

namespace roost::lmtp {
namespace {

using smtp::proto::reply;

constexpr std::chrono::seconds kIdleTimeout{300};

struct Recipient {
    std::string address;  // as RCPT TO gave it
    std::string detail;
    std::string orcpt;    // ORCPT's address, "" when absent
    lda::UserLookup user;
};

class Session {
public:
    Session(int fd, const LmtpSettings& settings, const LmtpHost& host)
        : conn_(fd, {}, kIdleTimeout), settings_(settings), host_(host)
    {
    }

    void run()
    {
        conn_.send(reply(220, "", settings_.hostname + " Roost LMTP ready"));
        conn_.run_commands([this](const smtp::proto::SmtpCommand& cmd, int& bad) { return handle(cmd, bad); });
    }

private:
    void reset()
    {
        mail_ = false;
        sender_.clear();
        recipients_.clear();
        chunks_.reset();
        chunk_count_ = 0;
    }

    bool handle(const smtp::proto::SmtpCommand& cmd, int& bad)
    {
        if (cmd.verb == "LHLO") {
            lhlo_ = cmd.argument;
            reset();
            conn_.send(smtp::proto::multiline_reply(
                250, {settings_.hostname, "8BITMIME", "CHUNKING", "ENHANCEDSTATUSCODES", "PIPELINING",
                      "SIZE " + std::to_string(settings_.max_message_size)}));
        } else if (cmd.verb == "HELO" || cmd.verb == "EHLO") {
            conn_.send(reply(500, "5.5.1", "This is LMTP: use LHLO"));
        } else if (cmd.verb == "MAIL") {
            if (lhlo_.empty()) {
                conn_.send(reply(503, "5.5.1", "LHLO first"));
            } else if (mail_) {
                conn_.send(reply(503, "5.5.1", "MAIL already given"));
            } else {
                mail_ = true;
                sender_ = cmd.address;
                size_ = 0;
                for (const auto& [key, value] : cmd.params) {
                    if (key == "SIZE") {
                        size_ = std::strtoull(value.c_str(), nullptr, 10);
                    }
                }
                conn_.send(reply(250, "2.1.0", "OK"));
            }
        } else if (cmd.verb == "RCPT") {
            rcpt(cmd);
        } else if (cmd.verb == "DATA") {
            data();
        } else if (cmd.verb == "BDAT") {
            return bdat(cmd);
        } else if (cmd.verb == "RSET") {
            reset();
            conn_.send(reply(250, "2.0.0", "OK"));
        } else if (cmd.verb == "NOOP") {
            conn_.send(reply(250, "2.0.0", "OK"));
        } else if (cmd.verb == "QUIT") {
            conn_.send(reply(221, "2.0.0", "Bye"));
            return false;
        } else if (cmd.verb == "VRFY") {
            conn_.send(reply(502, "5.5.1", "VRFY is not supported"));
        } else {
            ++bad;
            conn_.send(reply(500, "5.5.2", "Unknown command"));
        }
        return true;
    }

    void rcpt(const smtp::proto::SmtpCommand& cmd)
    {
        if (!mail_) {
            conn_.send(reply(503, "5.5.1", "MAIL first"));
            return;
        }
        Recipient r;
        r.address = cmd.address;
        for (const auto& [key, value] : cmd.params) {
            if (key == "ORCPT") {
                std::string orcpt = smtp::proto::decode_xtext(value);
                if (const auto semi = orcpt.find(';'); semi != std::string::npos) {
                    orcpt = orcpt.substr(semi + 1);
                }
                r.orcpt = orcpt;
            }
        }
        auto [user, detail] = split_detail(cmd.address, settings_.recipient_delimiter);
        r.detail = detail;
        r.user = host_.lookup(user);
        switch (r.user.status) {
        case lda::UserLookup::Status::NoUser:
            conn_.send(reply(550, "5.1.1", "<" + cmd.address + "> User doesn't exist: " + user));
            return;
        case lda::UserLookup::Status::TempFail:
            log::error("RCPT ", cmd.address, ": ", r.user.text);
            conn_.send(reply(451, "4.3.0", "<" + cmd.address + "> Temporary internal error"));
            return;
        case lda::UserLookup::Status::Found: break;
        }
        if (settings_.rcpt_check_quota && host_.check_quota) {
            const lda::DeliveryResult quota = host_.check_quota(r.user, cmd.address, size_);
            if (quota.status != lda::DeliveryResult::Status::Delivered) {
                conn_.send(failure_reply(quota, cmd.address));
                return;
            }
        }
        recipients_.push_back(std::move(r));
        conn_.send(reply(250, "2.1.5", "OK"));
    }

    // A refused or deferred recipient as Postfix expects it: 552 bounces (over quota without
    // quota_full_tempfail, too large), 452 4.2.2 defers a full mailbox, 451 any other trouble.
    static std::string failure_reply(const lda::DeliveryResult& result, const std::string& address)
    {
        if (result.status == lda::DeliveryResult::Status::Refused) {
            return reply(552, result.code, "<" + address + "> " + result.text);
        }
        return reply(result.code == "4.2.2" ? 452 : 451, result.code, "<" + address + "> " + result.text);
    }

    std::string received_header(const Recipient& r) const
    {
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        ::localtime_r(&now, &local);
        return "Received: from " + lhlo_ + (settings_.client_ip.empty() ? "" : " ([" + settings_.client_ip + "])") +
               "\n\tby " + settings_.hostname + " (Roost) with LMTP\n\tfor <" + r.address + ">; " +
               sieve::rfc5322_date(now, static_cast<int>(local.tm_gmtoff / 60)) + "\n";
    }

    void data()
    {
        if (chunks_) {
            conn_.send(reply(503, "5.5.1", "DATA after BDAT: finish with BDAT LAST or RSET"));
            return;
        }
        if (!mail_ || recipients_.empty()) {
            conn_.send(reply(503, "5.5.1", mail_ ? "No valid recipients" : "MAIL first"));
            return;
        }
        conn_.send(reply(354, "", "OK"));
        smtp::proto::DataReader reader(settings_.max_message_size);
        for (;;) {
            conn_.input().erase(0, reader.feed(conn_.input()));
            if (reader.done()) {
                break;
            }
            if (!conn_.read_more()) {
                return;
            }
        }
        deliver_to_recipients(reader.message(), reader.too_large(), "DATA");
    }

    // BDAT (RFC 3030): the chunk's bytes follow the command line at once, so they are read
    // even when the command is refused; only a size we cannot parse ends the session, since
    // where the next command starts is then unknown. False when the session ends.
    bool bdat(const smtp::proto::SmtpCommand& cmd)
    {
        auto args = smtp::proto::parse_bdat_args(cmd.argument);
        if (!args) {
            conn_.send(reply(501, "5.5.4", args.error().message));
            return false;
        }
        const bool refused = !mail_ || recipients_.empty();
        if (refused) {
            // Read and dropped: a reader with no room keeps nothing.
            smtp::proto::ChunkReader discard(0);
            discard.begin_chunk(*args);
            if (!read_chunk(discard)) {
                return false;
            }
            conn_.send(reply(503, "5.5.1", mail_ ? "No valid recipients" : "MAIL first"));
            return true;
        }
        if (!chunks_) {
            chunks_.emplace(settings_.max_message_size);
        }
        chunks_->begin_chunk(*args);
        ++chunk_count_;
        if (!read_chunk(*chunks_)) {
            return false;
        }
        if (!args->last) {
            conn_.send(reply(250, "2.0.0", std::to_string(args->size) + " octets received"));
            return true;
        }
        deliver_to_recipients(chunks_->message(), chunks_->too_large(),
                              "BDAT (" + std::to_string(chunk_count_) + " chunks)");
        return true;
    }

    bool read_chunk(smtp::proto::ChunkReader& reader)
    {
        for (;;) {
            conn_.input().erase(0, reader.feed(conn_.input()));
            if (reader.chunk_done()) {
                return true;
            }
            if (!conn_.read_more()) {
                return false;
            }
        }
    }

    // The end of DATA or BDAT LAST: one reply per accepted recipient, in RCPT order (RFC 2033
    // section 4.2), then a fresh transaction.
    void deliver_to_recipients(const std::string& body, bool too_large, const std::string& how)
    {
        // One message read once, for every recipient (mail_debug shows it, tests rely on it).
        log::debug(how, ": ", too_large ? "too large" : std::to_string(body.size()) + " bytes", " for ",
                   recipients_.size(), " recipient(s)");
        std::string out;
        for (const Recipient& r : recipients_) {
            if (too_large) {
                out += reply(552, "5.3.4", "<" + r.address + "> Message too large");
                continue;
            }
            lda::DeliveryRequest req;
            req.sender = sender_;
            req.original_recipient = r.orcpt.empty() ? r.address : r.orcpt;
            req.final_recipient = r.address;
            req.refuse_over_quota = true;  // the MTA bounces; LMTP never mails rejections itself
            if (settings_.save_to_detail_mailbox) {
                req.mailbox = r.detail;
            }
            const std::string message = settings_.add_received_header ? received_header(r) + body : body;
            const lda::DeliveryResult result = host_.deliver(r.user, req, message);
            out += result.status == lda::DeliveryResult::Status::Delivered
                       ? reply(250, "2.0.0", "<" + r.address + "> Saved")
                       : failure_reply(result, r.address);
        }
        conn_.send(out);
        reset();
    }

    smtp::server::SmtpConnection conn_;
    const LmtpSettings& settings_;
    const LmtpHost& host_;
    std::string lhlo_;
    bool mail_ = false;
    std::string sender_;
    std::uint64_t size_ = 0;  // MAIL's SIZE=, 0 when not given
    std::vector<Recipient> recipients_;
    std::optional<smtp::proto::ChunkReader> chunks_;  // the message of a BDAT transaction
    int chunk_count_ = 0;
};

}  // namespace

std::pair<std::string, std::string> split_detail(const std::string& address, const std::string& delimiters)
{
    const auto at = address.rfind('@');
    const std::string local = address.substr(0, at);
    const std::string domain = at == std::string::npos ? "" : address.substr(at);
    const auto cut = delimiters.empty() ? std::string::npos : local.find_first_of(delimiters);
    if (cut == std::string::npos) {
        return {address, ""};
    }
    return {local.substr(0, cut) + domain, local.substr(cut + 1)};
}

void run_lmtp_session(int fd, const LmtpSettings& settings, const LmtpHost& host)
{
    Session(fd, settings, host).run();
}

}  // namespace roost::lmtp
