// SmtpClient: Roost as an SMTP client of another server (the submission relay, the LDA's
// submission_host): the greeting, EHLO, STARTTLS, AUTH, then one command at a time with the
// server's reply handed back as it came, so the caller can pass it on to its own client.
// TLS and SASL come in through SmtpTransport and SaslExchange, so this links neither OpenSSL nor
// libsasl2 (roost-lda, started once per message, must not load them).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "smtp/client/sasl_exchange.hpp"
#include "smtp/client/smtp_reply.hpp"
#include "smtp/client/smtp_transport.hpp"

namespace roost::smtp::client {

struct SessionSettings {
    std::string helo;               // our name in EHLO
    bool starttls = false;          // STARTTLS after the first EHLO (refused when not offered)
    SaslExchange* login = nullptr;  // AUTH after (STARTTLS and) EHLO with it; not owned
    std::vector<std::string> mechanisms{"PLAIN", "LOGIN"};  // what AUTH may use
};

class SmtpClient {
public:
    explicit SmtpClient(std::unique_ptr<SmtpTransport> transport) : transport_(std::move(transport))
    {
    }

    // Greeting, EHLO, STARTTLS and EHLO again, AUTH. Any failure leaves the client unusable.
    Result<void> open(const SessionSettings& settings);
    const EhloCapabilities& capabilities() const { return caps_; }

    // One command line (without CRLF) and its reply. An error means the connection is unusable.
    Result<SmtpReply> command(std::string_view line);
    // XCLIENT (Postfix): the server takes `attributes` (NAME=VALUE, values already xtext)
    // as the real client's, greets again and gets a new EHLO. Only attributes the server lists
    // in its XCLIENT keyword are sent. Errors as open()'s.
    Result<void> xclient(const std::vector<std::pair<std::string, std::string>>& attributes,
                         const std::string& helo);
    // DATA: the command, and when the server says 354, `message` (LF or CRLF line ends,
    // dot-stuffed here). The reply is the server's to DATA or to the message.
    Result<SmtpReply> data(std::string_view message);
    // QUIT, ignoring how it goes.
    void quit();

    // The last error of open(), with the server's reply when it refused.
    const std::optional<SmtpReply>& refusal() const { return refusal_; }

private:
    Result<SmtpReply> read_reply();
    Result<void> ehlo(const std::string& helo);
    Result<void> authenticate(const SessionSettings& settings);
    Error refused(const std::string& what, const SmtpReply& reply);

    std::unique_ptr<SmtpTransport> transport_;
    ReplyParser parser_;
    EhloCapabilities caps_;
    std::optional<SmtpReply> refusal_;
    bool broken_ = false;
};

}  // namespace roost::smtp::client
