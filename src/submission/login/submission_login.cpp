// The submission login conversation.
#include "submission/login/submission_login.hpp"

#include <unistd.h>

#include <algorithm>
#include <optional>
#include <string>

#include "core/log.hpp"
#include "core/strings.hpp"
#include "smtp/proto/reply.hpp"
#include "smtp/proto/smtp_command.hpp"

namespace roost::submission {
namespace {

namespace asio = net::asio;
using login::AuthOutcome;
using login::LoginClient;
using smtp::proto::reply;

constexpr int kMaxBadCommands = 10;  // then the client is dropped, as Dovecot does

enum class Next { Continue, Close, HandedOver };

// What the process learns once from roost.conf.
struct LoginSettings {
    std::string hostname;
    std::uint64_t max_mail_size = 0;  // 0: SIZE without a number (the relay decides)
};

const LoginSettings& settings(const LoginClient& c)
{
    static const LoginSettings s = [&c] {
        LoginSettings out;
        const config::FilterContext ctx{.protocol = "submission"};
        if (c.env().config != nullptr) {
            out.hostname = c.env().config->get("hostname", ctx);
            out.max_mail_size = c.env().config->get_size("submission_max_mail_size", ctx);
        }
        if (out.hostname.empty()) {
            char host[256] = {};
            ::gethostname(host, sizeof host - 1);
            out.hostname = host;
        }
        return out;
    }();
    return s;
}

struct State {
    std::string helo;  // the EHLO domain, empty before EHLO (and again after STARTTLS)
    bool extended = false;
    int bad_commands = 0;
};

asio::awaitable<std::string> ehlo_reply(LoginClient& c)
{
    const LoginSettings& s = settings(c);
    std::vector<std::string> lines{s.hostname};
    lines.emplace_back("8BITMIME");
    const auto mechs = co_await c.mechanisms();
    if (!mechs.empty()) {
        std::string auth = "AUTH";
        for (const std::string& m : mechs) {
            auth += " " + m;
        }
        lines.push_back(auth);
    }
    lines.emplace_back("ENHANCEDSTATUSCODES");
    lines.emplace_back("PIPELINING");
    lines.push_back(s.max_mail_size > 0 ? "SIZE " + std::to_string(s.max_mail_size) : "SIZE");
    if (c.env().tls && !c.stream().tls()) {
        lines.emplace_back("STARTTLS");
    }
    co_return smtp::proto::multiline_reply(250, lines);
}

// After the SASL exchange: the client goes to its worker (which sends 235), or hears why not.
asio::awaitable<Next> finish_login(LoginClient& c, const State& state, const AuthOutcome& outcome)
{
    switch (outcome.kind) {
    case AuthOutcome::Kind::Ok: break;
    case AuthOutcome::Kind::Aborted:
        co_await c.send(reply(501, "5.5.2", outcome.reason));
        co_return Next::Continue;
    case AuthOutcome::Kind::TempFail:
        co_await c.send(reply(454, "4.7.0", outcome.reason));
        co_return Next::Continue;
    case AuthOutcome::Kind::Failed:
        co_await c.send(reply(535, "5.7.8", outcome.reason));
        co_return Next::Continue;
    }
    const std::string no_tag;  // named: GCC 12 mishandles temporaries in co_await
    auto handed = co_await c.hand_over(no_tag, state.helo);
    if (!handed) {
        log::error(outcome.user, ": ", handed.error().message);
        co_await c.send(reply(454, "4.7.0", "Internal error occurred. Refer to server log for more information."));
        co_return Next::Close;
    }
    co_return Next::HandedOver;
}

asio::awaitable<Next> auth_command(LoginClient& c, const State& state, const smtp::proto::SmtpCommand& cmd)
{
    const std::vector<std::string_view> args = split_words(cmd.argument);
    if (state.helo.empty() || !state.extended) {
        co_await c.send(reply(503, "5.5.1", "Send EHLO first"));
        co_return Next::Continue;
    }
    if (args.empty() || args.size() > 2) {
        co_await c.send(reply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"));
        co_return Next::Continue;
    }
    const std::string mech = to_upper(args[0]);
    const auto offered = co_await c.mechanisms();
    if (std::find(offered.begin(), offered.end(), mech) == offered.end()) {
        if ((mech == "PLAIN" || mech == "LOGIN") && !c.plaintext_allowed()) {
            co_await c.send(reply(538, "5.7.11", "Encryption required for requested authentication mechanism"));
        } else {
            co_await c.send(reply(504, "5.5.4", "Unsupported authentication mechanism"));
        }
        co_return Next::Continue;
    }
    std::optional<std::string> initial;
    if (args.size() == 2) {
        initial = args[1] == "=" ? std::string() : std::string(args[1]);  // RFC 4954: "=" is empty
    }
    const LoginClient::Responder respond = c.line_responder("334 ");  // named: GCC 12 and co_await temporaries
    const auto outcome = co_await c.authenticate(mech, initial, respond);
    co_return co_await finish_login(c, state, outcome);
}

asio::awaitable<Next> handle(LoginClient& c, State& state, const smtp::proto::SmtpCommand& cmd)
{
    const std::string& v = cmd.verb;
    if (v == "EHLO" || v == "HELO") {
        const std::string domain(trim(cmd.argument));
        if (domain.empty()) {
            co_await c.send(reply(501, "5.5.4", "Missing domain"));
            co_return Next::Continue;
        }
        state.helo = domain;
        state.extended = v == "EHLO";
        if (v == "EHLO") {
            co_await c.send(co_await ehlo_reply(c));
        } else {
            co_await c.send(reply(250, "", settings(c).hostname));
        }
    } else if (v == "STARTTLS") {
        if (c.stream().tls()) {
            co_await c.send(reply(503, "5.5.1", "TLS is already active"));
        } else if (!c.env().tls) {
            co_await c.send(reply(502, "5.5.1", "TLS is not available"));
        } else {
            co_await c.send(reply(220, "2.0.0", "Begin TLS negotiation now"));
            if (auto tls = co_await c.start_tls(); !tls) {
                log::info(tls.error().message, " (rip=", c.remote_ip(), ")");
                co_return Next::Close;
            }
            state = State{};  // RFC 3207 section 4.2: the client starts again with EHLO
        }
    } else if (v == "AUTH") {
        co_return co_await auth_command(c, state, cmd);
    } else if (v == "MAIL" || v == "RCPT" || v == "DATA" || v == "BDAT" || v == "BURL") {
        co_await c.send(reply(530, "5.7.0", "Authentication required"));
    } else if (v == "NOOP") {
        co_await c.send(reply(250, "2.0.0", "OK"));
    } else if (v == "RSET") {
        co_await c.send(reply(250, "2.0.0", "OK"));
    } else if (v == "QUIT") {
        co_await c.send(reply(221, "2.0.0", "Bye"));
        co_return Next::Close;
    } else if (v == "VRFY") {
        co_await c.send(reply(252, "2.3.3", "Try RCPT instead"));
    } else if (v == "HELP") {
        co_await c.send(reply(214, "2.0.0", "https://www.rfc-editor.org/rfc/rfc6409"));
    } else {
        ++state.bad_commands;
        co_await c.send(reply(500, "5.5.2", "Unknown command"));
    }
    co_return Next::Continue;
}

}  // namespace

asio::awaitable<void> serve_submission_login(LoginClient& client)
{
    const std::string greeting = reply(220, "", settings(client).hostname + " " + client.env().greeting);
    if (!co_await client.send(greeting)) {
        co_return;
    }
    State state;
    while (state.bad_commands < kMaxBadCommands) {
        auto line = co_await client.read_line();
        if (!line) {
            co_return;  // disconnected
        }
        if (!*line) {
            ++state.bad_commands;
            co_await client.send(reply(500, "5.5.2", "Line too long"));
            continue;
        }
        auto cmd = smtp::proto::parse_command(**line);
        if (!cmd) {
            ++state.bad_commands;
            co_await client.send(reply(501, "5.5.4", cmd.error().message));
            continue;
        }
        const Next next = co_await handle(client, state, *cmd);
        if (next != Next::Continue) {
            co_return;
        }
    }
    co_await client.send(reply(421, "4.7.0", "Too many invalid commands"));
}

}  // namespace roost::submission
