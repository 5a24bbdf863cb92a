// The POP3 login conversation.
#include "pop3/login/pop3_login.hpp"

#include <unistd.h>

#include <cstring>
#include <ctime>
#include <optional>
#include <random>
#include <string>

#include "auth/proto/apop.hpp"
#include "core/base64.hpp"
#include "crypto/hex.hpp"
#include "login/hand_over.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "pop3/proto/pop3_command.hpp"

namespace roost::pop3 {
namespace {

namespace asio = net::asio;
using login::AuthOutcome;
using login::LoginClient;

constexpr int kMaxBadCommands = 10;  // then the client is dropped, as Dovecot does
constexpr const char* kPlaintextRefused =
    "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n";

enum class Next { Continue, Close, HandedOver };

struct State {
    std::string user;  // from USER, waiting for PASS
    int bad_commands = 0;
    std::string apop_challenge;  // the greeting's timestamp, when the auth service runs APOP
};

// RFC 1939's timestamp for APOP, in the form the auth service checks (auth/proto/apop.hpp).
std::string apop_challenge()
{
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
        std::strcpy(host, "localhost");
    }
    std::random_device random;
    return auth::proto::make_apop_challenge(static_cast<std::uint32_t>(::getpid()), random(), std::time(nullptr), host);
}

// APOP name digest: the digest goes to the auth service as raw bytes after the challenge and
// the name, as Dovecot's pop3-login sends it.
asio::awaitable<Next> apop_command(LoginClient& c, const State& state, const pop3::proto::Command& cmd);

asio::awaitable<std::string> capabilities(LoginClient& c)
{
    std::string out = "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n";
    if (c.env().tls && !c.stream().tls()) {
        out += "STLS\r\n";
    }
    if (c.plaintext_allowed()) {
        out += "USER\r\n";
    }
    const auto mechs = co_await c.mechanisms();
    out += "SASL";
    for (const std::string& m : mechs) {
        out += " " + m;
    }
    out += "\r\n.\r\n";
    co_return out;
}

// After a successful login: the client goes to its worker, or hears why it cannot.
asio::awaitable<Next> finish_login(LoginClient& c, const AuthOutcome& outcome)
{
    switch (outcome.kind) {
    case AuthOutcome::Kind::Ok: break;
    case AuthOutcome::Kind::Aborted:
        co_await c.send("-ERR " + outcome.reason + "\r\n");
        co_return Next::Continue;
    case AuthOutcome::Kind::TempFail:
        co_await c.send("-ERR [SYS/TEMP] " + outcome.reason + "\r\n");
        co_return Next::Continue;
    case AuthOutcome::Kind::Failed:
        co_await c.send("-ERR [AUTH] " + outcome.reason + "\r\n");
        co_return Next::Continue;
    }
    auto handed = co_await c.hand_over();
    if (!handed && login::connection_limit_reached(handed.error())) {
        const std::string refusal = "-ERR [IN-USE] " + handed.error().message + "\r\n";
        co_await c.send(refusal);
        co_return Next::Close;
    }
    if (!handed) {
        log::error(outcome.user, ": ", handed.error().message);
        co_await c.send("-ERR [SYS/TEMP] Internal error occurred. Refer to server log for more information.\r\n");
        co_return Next::Close;
    }
    co_return Next::HandedOver;
}

asio::awaitable<Next> auth_command(LoginClient& c, const pop3::proto::Command& cmd)
{
    if (cmd.args.empty()) {
        // RFC 5034 leaves listing to CAPA; a bare AUTH lists the mechanisms, as Dovecot does.
        std::string out = "+OK\r\n";
        for (const std::string& m : co_await c.mechanisms()) {
            out += m + "\r\n";
        }
        co_await c.send(out + ".\r\n");
        co_return Next::Continue;
    }
    const std::string mech = to_upper(cmd.args[0]);
    const auto offered = co_await c.mechanisms();
    if (std::find(offered.begin(), offered.end(), mech) == offered.end()) {
        const bool plaintext = (mech == "PLAIN" || mech == "LOGIN") && !c.plaintext_allowed();
        co_await c.send(plaintext ? kPlaintextRefused : "-ERR Unsupported authentication mechanism.\r\n");
        co_return Next::Continue;
    }
    std::optional<std::string> initial;
    if (cmd.args.size() > 1) {
        initial = cmd.args[1] == "=" ? std::string() : cmd.args[1];
    }
    const LoginClient::Responder respond = c.line_responder("+ ");  // named: GCC 12 and co_await temporaries
    const auto outcome = co_await c.authenticate(mech, initial, respond);
    co_return co_await finish_login(c, outcome);
}

asio::awaitable<Next> apop_command(LoginClient& c, const State& state, const pop3::proto::Command& cmd)
{
    if (state.apop_challenge.empty()) {
        co_await c.send("-ERR APOP is not enabled.\r\n");
        co_return Next::Continue;
    }
    if (cmd.args.size() != 2) {
        co_await c.send("-ERR APOP needs a name and a digest.\r\n");
        co_return Next::Continue;
    }
    const auto digest = crypto::hex_decode(cmd.args[1]);
    if (!digest || digest->size() != 16) {
        co_await c.send("-ERR Invalid characters in MD5 response.\r\n");
        co_return Next::Continue;
    }
    std::string data = state.apop_challenge;
    data += '\0';
    data += cmd.args[0];
    data += '\0';
    data.append(digest->begin(), digest->end());
    const std::string initial = base64_encode(data);
    co_return co_await finish_login(c, co_await c.authenticate("APOP", initial, {}));
}

asio::awaitable<Next> handle(LoginClient& c, State& state, const pop3::proto::Command& cmd)
{
    if (cmd.keyword == "CAPA") {
        co_await c.send(co_await capabilities(c));
    } else if (cmd.keyword == "QUIT") {
        co_await c.send("+OK Logging out\r\n");
        co_return Next::Close;
    } else if (cmd.keyword == "NOOP") {
        co_await c.send("+OK\r\n");
    } else if (cmd.keyword == "STLS") {
        if (c.stream().tls()) {
            co_await c.send("-ERR TLS is already active.\r\n");
        } else if (!c.env().tls) {
            co_await c.send("-ERR TLS support isn't enabled.\r\n");
        } else {
            co_await c.send("+OK Begin TLS negotiation now.\r\n");
            if (auto tls = co_await c.start_tls(); !tls) {
                log::info(tls.error().message, " (rip=", c.remote_ip(), ")");
                co_return Next::Close;
            }
            state = State{.apop_challenge = state.apop_challenge};  // RFC 2595: forget what came before TLS
        }
    } else if (cmd.keyword == "USER") {
        if (!c.plaintext_allowed()) {
            co_await c.send(kPlaintextRefused);
        } else if (cmd.args.size() != 1) {
            co_await c.send("-ERR USER needs exactly one argument.\r\n");
        } else {
            state.user = cmd.args[0];
            co_await c.send("+OK\r\n");
        }
    } else if (cmd.keyword == "PASS") {
        if (!c.plaintext_allowed()) {
            co_await c.send(kPlaintextRefused);
        } else if (state.user.empty()) {
            co_await c.send("-ERR No username given.\r\n");
        } else {
            const std::string response = std::string(1, '\0') + state.user + std::string(1, '\0') + cmd.rest;
            state.user.clear();
            co_return co_await finish_login(c, co_await c.authenticate("PLAIN", base64_encode(response), {}));
        }
    } else if (cmd.keyword == "AUTH") {
        co_return co_await auth_command(c, cmd);
    } else if (cmd.keyword == "APOP") {
        co_return co_await apop_command(c, state, cmd);
    } else {
        ++state.bad_commands;
        co_await c.send("-ERR Unknown command.\r\n");
    }
    co_return Next::Continue;
}

}  // namespace

asio::awaitable<void> serve_pop3_login(LoginClient& client)
{
    State state;
    if (co_await client.auth_offers("APOP")) {
        state.apop_challenge = apop_challenge();
    }
    const std::string greeting = state.apop_challenge.empty() ? client.env().greeting
                                                              : client.env().greeting + " " + state.apop_challenge;
    if (!co_await client.send("+OK " + greeting + "\r\n")) {
        co_return;
    }
    while (state.bad_commands < kMaxBadCommands) {
        auto line = co_await client.read_line();
        if (!line) {
            co_return;  // disconnected
        }
        if (!*line) {
            ++state.bad_commands;
            co_await client.send("-ERR Command line too long.\r\n");
            continue;
        }
        auto cmd = pop3::proto::parse_command(**line);
        if (!cmd) {
            ++state.bad_commands;
            co_await client.send("-ERR " + cmd.error().message + "\r\n");
            continue;
        }
        const Next next = co_await handle(client, state, *cmd);
        if (next != Next::Continue) {
            co_return;
        }
    }
    co_await client.send("-ERR Too many invalid commands.\r\n");
}

}  // namespace roost::pop3
