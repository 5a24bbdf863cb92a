#include "lda/smtp_sender.hpp"

#include <memory>
#include <system_error>

#include "smtp/client/smtp_client.hpp"
#include "smtp/client/tcp_transport.hpp"

namespace roost::lda {
namespace {

namespace client = smtp::client;

bool has_8bit(std::string_view text)
{
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return true;
        }
    }
    return false;
}

// An address goes between <> on a command line: CR, LF and other controls would end or
// corrupt the command (an envelope sender comes from the MTA's -f, a vacation reply goes to it).
bool fits_a_command(std::string_view address)
{
    for (char c : address) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '<' || c == '>') {
            return false;
        }
    }
    return true;
}

}  // namespace

Result<void> SmtpSender::send(std::string_view envelope_from,
                              const std::vector<std::string>& recipients, std::string_view message)
{
    const std::string where =
        "submission_host " +
        (server_.host.find(':') != std::string::npos ? "[" + server_.host + "]" : server_.host) +
        ":" + std::to_string(server_.port);
    const auto failed = [&where](const std::string& what) {
        return Error{std::make_error_code(std::errc::io_error), where + ": " + what};
    };
    const auto rejected = [&where](const std::string& what) { return permanent_send_error(where + ": " + what); };
    // A 5xx reply is final; a 4xx one (or anything else) is worth trying again later.
    const auto refused = [&failed, &rejected](const std::string& command, const client::SmtpReply& reply) {
        const std::string what = command + " refused: " + std::to_string(reply.code) +
                                 (reply.enhanced.empty() ? "" : " ") + reply.enhanced + " " + reply.text();
        return reply.code / 100 == 5 ? rejected(what) : failed(what);
    };
    if (recipients.empty()) {
        return rejected("no recipients");
    }
    bool smtputf8 = has_8bit(envelope_from);
    for (const std::string& r : recipients) {
        if (!fits_a_command(r)) {
            return rejected("recipient address with control characters or angle brackets");
        }
        smtputf8 = smtputf8 || has_8bit(r);
    }
    if (!fits_a_command(envelope_from)) {
        return rejected("sender address with control characters or angle brackets");
    }

    client::TcpSettings tcp;
    tcp.host = server_.host;
    tcp.port = server_.port;
    tcp.connect_timeout = timeout_;
    tcp.io_timeout = timeout_;
    auto transport = client::connect_tcp(tcp);
    if (!transport) {
        return failed(transport.error().message);
    }
    client::SmtpClient smtp(std::move(*transport));
    if (auto opened = smtp.open({.helo = helo_}); !opened) {
        return failed(opened.error().message);
    }

    std::string mail = "MAIL FROM:<" + std::string(envelope_from) + ">";
    if (has_8bit(message) && smtp.capabilities().has("8BITMIME")) {
        mail += " BODY=8BITMIME";
    }
    if (smtputf8 && smtp.capabilities().has("SMTPUTF8")) {
        mail += " SMTPUTF8";
    }
    std::vector<std::string> commands{mail};
    for (const std::string& r : recipients) {
        commands.push_back("RCPT TO:<" + r + ">");
    }
    // One command at a time: a refused recipient fails the whole message, as in Dovecot's
    // smtp-submit, so the caller keeps the original instead of half-forwarding it.
    for (const std::string& command : commands) {
        auto reply = smtp.command(command);
        if (!reply) {
            return failed(command + ": " + reply.error().message);
        }
        if (reply->code / 100 != 2) {
            smtp.quit();
            return refused(command, *reply);
        }
    }
    auto accepted = smtp.data(message);
    if (!accepted) {
        return failed("DATA: " + accepted.error().message);
    }
    if (accepted->code / 100 != 2) {
        smtp.quit();
        return refused("DATA", *accepted);
    }
    smtp.quit();
    return {};
}

}  // namespace roost::lda
