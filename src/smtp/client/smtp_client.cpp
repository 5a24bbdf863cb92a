#include "smtp/client/smtp_client.hpp"

#include "core/base64.hpp"
#include "core/strings.hpp"
#include "smtp/client/data_encoding.hpp"

namespace roost::smtp::client {
namespace {

Error protocol_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::protocol_error), what};
}

}  // namespace

Error SmtpClient::refused(const std::string& what, const SmtpReply& reply)
{
    refusal_ = reply;
    return protocol_error(what + ": " + std::to_string(reply.code) +
                          (reply.enhanced.empty() ? "" : " ") + reply.enhanced + " " +
                          reply.text());
}

Result<SmtpReply> SmtpClient::read_reply()
{
    for (;;) {
        if (auto reply = parser_.next()) {
            if (!*reply) {
                broken_ = true;
            }
            return std::move(*reply);
        }
        auto bytes = transport_->read_some();
        if (!bytes) {
            broken_ = true;
            return bytes.error();
        }
        parser_.feed(*bytes);
    }
}

Result<SmtpReply> SmtpClient::command(std::string_view line)
{
    if (broken_) {
        return protocol_error("the connection to the server was lost");
    }
    std::string out(line);
    out += "\r\n";
    if (auto sent = transport_->write(out); !sent) {
        broken_ = true;
        return sent.error();
    }
    return read_reply();
}

Result<void> SmtpClient::ehlo(const std::string& helo)
{
    auto reply = command("EHLO " + helo);
    if (!reply) {
        return reply.error();
    }
    if (reply->code != 250) {
        return refused("EHLO", *reply);
    }
    caps_ = parse_ehlo(*reply);
    return Result<void>();
}

Result<void> SmtpClient::open(const SessionSettings& settings)
{
    auto greeting = read_reply();
    if (!greeting) {
        return greeting.error();
    }
    if (greeting->code != 220) {
        return refused("greeting", *greeting);
    }
    if (auto r = ehlo(settings.helo); !r) {
        return r;
    }
    if (settings.starttls && !transport_->tls()) {
        if (!caps_.has("STARTTLS")) {
            return protocol_error("the server does not offer STARTTLS");
        }
        auto reply = command("STARTTLS");
        if (!reply) {
            return reply.error();
        }
        if (reply->code != 220) {
            return refused("STARTTLS", *reply);
        }
        if (auto tls = transport_->start_tls(); !tls) {
            broken_ = true;
            return tls;
        }
        parser_ = ReplyParser();  // nothing read before TLS may be trusted (RFC 3207 section 4.2)
        if (auto r = ehlo(settings.helo); !r) {
            return r;
        }
    }
    if (settings.login != nullptr) {
        return authenticate(settings);
    }
    return Result<void>();
}

Result<void> SmtpClient::authenticate(const SessionSettings& settings)
{
    const std::vector<std::string> offered = caps_.auth_mechanisms();
    if (offered.empty()) {
        return protocol_error("the server does not offer AUTH");
    }
    SaslExchange& sasl = *settings.login;
    auto start = sasl.start(offered, settings.mechanisms);
    if (!start) {
        return start.error();
    }
    std::string line = "AUTH " + start->mechanism;
    if (start->initial) {
        // RFC 4954: an empty initial response is sent as "=".
        line += " " + (start->initial->empty() ? std::string("=") : base64_encode(*start->initial));
    }
    auto reply = command(line);
    for (int round = 0; reply && reply->code == 334 && round < 10; ++round) {
        auto challenge = base64_decode(reply->lines.empty() ? "" : reply->lines.front());
        if (!challenge) {
            (void)command("*");
            return protocol_error("AUTH: the server's challenge is not base64");
        }
        auto response = sasl.step(*challenge);
        if (!response) {
            (void)command("*");
            return response.error();
        }
        reply = command(base64_encode(*response));
    }
    if (!reply) {
        return reply.error();
    }
    if (reply->code != 235) {
        return refused("AUTH " + start->mechanism, *reply);
    }
    return Result<void>();
}

Result<void> SmtpClient::xclient(const std::vector<std::pair<std::string, std::string>>& attributes,
                                 const std::string& helo)
{
    const auto it = caps_.keywords.find("XCLIENT");
    if (it == caps_.keywords.end()) {
        return protocol_error("the server does not offer XCLIENT");
    }
    std::string line = "XCLIENT";
    for (const auto& attribute : attributes) {
        const std::string name = attribute.first;
        bool listed = false;
        for (std::string_view w : split_words(it->second)) {
            listed = listed || iequals(w, name);
        }
        if (listed) {
            line += " " + name + "=" + attribute.second;
        }
    }
    auto reply = command(line);
    if (!reply) {
        return reply.error();
    }
    if (reply->code != 220) {
        return refused("XCLIENT", *reply);
    }
    return ehlo(helo);
}

Result<SmtpReply> SmtpClient::data(std::string_view message)
{
    auto go_ahead = command("DATA");
    if (!go_ahead || go_ahead->code != 354) {
        return go_ahead;
    }
    if (auto sent = transport_->write(encode_data(message)); !sent) {
        broken_ = true;
        return sent.error();
    }
    return read_reply();
}

void SmtpClient::quit()
{
    if (!broken_) {
        (void)command("QUIT");
        broken_ = true;
    }
}

}  // namespace roost::smtp::client
