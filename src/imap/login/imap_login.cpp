// The IMAP login conversation.
#include "imap/login/imap_login.hpp"

#include <algorithm>
#include <optional>

#include "core/base64.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "imap/proto/imap_receiver.hpp"
#include "imap/proto/session_args.hpp"
#include "login/hand_over.hpp"

namespace roost::imap {
namespace {

namespace asio = net::asio;
using login::AuthOutcome;
using login::LoginClient;

constexpr int kMaxBadCommands = 20;  // then the client is dropped, as Dovecot does

enum class Next { Continue, Close, HandedOver };

class LoginConversation {
public:
    explicit LoginConversation(LoginClient& client) : c_(client) {}

    asio::awaitable<void> run()
    {
        const auto mechs = co_await c_.mechanisms();
        if (!co_await c_.send("* OK [" + pre_login_capability(c_, mechs) + "] " + c_.env().greeting + "\r\n")) {
            co_return;
        }
        while (bad_ < kMaxBadCommands) {
            auto event = co_await next_event();
            if (!event) {
                co_return;  // disconnected
            }
            if (const auto* lit = std::get_if<proto::LiteralContinuation>(&*event)) {
                (void)lit;
                co_await c_.send("+ OK\r\n");
                continue;
            }
            if (const auto* err = std::get_if<proto::ParseError>(&*event)) {
                ++bad_;
                // Named before co_await: GCC 12 mishandles temporaries of a ?: in a co_await.
                const std::string line = (err->tag.empty() ? std::string("*") : err->tag) + " BAD " + err->text + "\r\n";
                const bool fatal = err->fatal;
                co_await c_.send(line);
                if (fatal) {
                    co_return;
                }
                continue;
            }
            if (const auto* ready = std::get_if<proto::CommandReady>(&*event)) {
                if (co_await handle(ready->command) != Next::Continue) {
                    co_return;
                }
            }
        }
        co_await c_.send("* BYE Too many invalid IMAP commands.\r\n");
    }

private:
    // The next receiver event, reading from the client as needed; nullopt when it went away.
    asio::awaitable<std::optional<proto::ReceiverEvent>> next_event()
    {
        for (;;) {
            if (auto e = receiver_.next()) {
                co_return e;
            }
            auto bytes = co_await c_.read_bytes();
            if (!bytes) {
                co_return std::nullopt;
            }
            receiver_.feed(*bytes);
        }
    }

    asio::awaitable<bool> reply(const proto::Command& cmd, const std::string& text)
    {
        co_return co_await c_.send(cmd.tag + " " + text + "\r\n");
    }

    asio::awaitable<Next> handle(const proto::Command& cmd)
    {
        if (cmd.name == "CAPABILITY") {
            const auto mechs = co_await c_.mechanisms();
            co_await c_.send("* " + pre_login_capability(c_, mechs) + "\r\n");
            co_await reply(cmd, "OK Pre-login capabilities listed, post-login capabilities have more.");
        } else if (cmd.name == "NOOP") {
            co_await reply(cmd, "OK NOOP completed.");
        } else if (cmd.name == "LOGOUT") {
            co_await c_.send("* BYE Logging out\r\n");
            co_await reply(cmd, "OK Logout completed.");
            co_return Next::Close;
        } else if (cmd.name == "ID") {
            co_await c_.send("* ID (\"name\" \"Roost\")\r\n");
            co_await reply(cmd, "OK ID completed.");
        } else if (cmd.name == "STARTTLS") {
            co_return co_await starttls(cmd);
        } else if (cmd.name == "LOGIN") {
            co_return co_await login(cmd);
        } else if (cmd.name == "AUTHENTICATE") {
            co_return co_await authenticate(cmd);
        } else {
            ++bad_;
            co_await reply(cmd, "BAD Command " + cmd.name.substr(0, 40) + " is not allowed before authentication.");
        }
        co_return Next::Continue;
    }

    asio::awaitable<Next> starttls(const proto::Command& cmd)
    {
        if (c_.stream().tls()) {
            co_await reply(cmd, "BAD TLS is already active.");
            co_return Next::Continue;
        }
        if (!c_.env().tls) {
            co_await reply(cmd, "BAD TLS support isn't enabled.");
            co_return Next::Continue;
        }
        // Bytes pipelined after STARTTLS are a plaintext injection attempt: refuse them.
        if (receiver_.buffered() > 0 || c_.has_buffered_input()) {
            co_await reply(cmd, "BAD STARTTLS must be the last command before the TLS handshake.");
            co_return Next::Close;
        }
        co_await reply(cmd, "OK Begin TLS negotiation now.");
        if (auto tls = co_await c_.start_tls(); !tls) {
            log::info(tls.error().message, " (rip=", c_.remote_ip(), ")");
            co_return Next::Close;
        }
        co_return Next::Continue;
    }

    asio::awaitable<Next> login(const proto::Command& cmd)
    {
        auto args = proto::parse_login(cmd);
        if (!args) {
            ++bad_;
            co_await reply(cmd, "BAD " + args.error().message);
            co_return Next::Continue;
        }
        if (!c_.plaintext_allowed()) {
            co_await c_.send("* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your client did it "
                             "anyway. If anyone was listening, the password was exposed.\r\n");
            co_await reply(cmd, "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) "
                                "connections.");
            co_return Next::Continue;
        }
        const std::string response = std::string(1, '\0') + args->username + std::string(1, '\0') + args->password;
        co_return co_await finish(cmd, co_await c_.authenticate("PLAIN", base64_encode(response), {}));
    }

    asio::awaitable<Next> authenticate(const proto::Command& cmd)
    {
        auto args = proto::parse_authenticate(cmd);
        if (!args) {
            ++bad_;
            co_await reply(cmd, "BAD " + args.error().message);
            co_return Next::Continue;
        }
        const auto offered = co_await c_.mechanisms();
        if (std::find(offered.begin(), offered.end(), args->mechanism) == offered.end()) {
            const bool plaintext = (args->mechanism == "PLAIN" || args->mechanism == "LOGIN") && !c_.plaintext_allowed();
            co_await reply(cmd, plaintext ? "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure "
                                            "(SSL/TLS) connections."
                                          : "NO Unsupported authentication mechanism.");
            co_return Next::Continue;
        }
        std::optional<std::string> initial;
        if (args->initial_response) {
            initial = base64_encode(*args->initial_response);
        }
        const auto outcome = co_await c_.authenticate(
            args->mechanism, initial, [this](const std::string& challenge) -> asio::awaitable<std::optional<std::string>> {
                if (!co_await c_.send("+ " + challenge + "\r\n")) {
                    co_return std::nullopt;
                }
                receiver_.expect_line();
                auto event = co_await next_event();
                const auto* line = event ? std::get_if<proto::LineReady>(&*event) : nullptr;
                if (line == nullptr || line->line == "*") {
                    co_return std::nullopt;
                }
                co_return line->line;  // base64, passed on as the auth service expects it
            });
        co_return co_await finish(cmd, outcome);
    }

    asio::awaitable<Next> finish(const proto::Command& cmd, const AuthOutcome& outcome)
    {
        switch (outcome.kind) {
        case AuthOutcome::Kind::Ok: break;
        case AuthOutcome::Kind::Aborted:
            co_await reply(cmd, "BAD Authentication aborted by client.");
            co_return Next::Continue;
        case AuthOutcome::Kind::TempFail:
            co_await reply(cmd, "NO [UNAVAILABLE] " + outcome.reason);
            co_return Next::Continue;
        case AuthOutcome::Kind::Failed:
            co_await reply(cmd, "NO [AUTHENTICATIONFAILED] " + outcome.reason);
            co_return Next::Continue;
        }
        c_.unread(receiver_.take_unparsed());
        auto handed = co_await c_.hand_over(cmd.tag);
        if (!handed && login::connection_limit_reached(handed.error())) {
            const std::string refusal = "NO [UNAVAILABLE] " + handed.error().message;
            co_await reply(cmd, refusal);
            co_return Next::Close;
        }
        if (!handed) {
            log::error(outcome.user, ": ", handed.error().message);
            co_await reply(cmd, "NO [UNAVAILABLE] Internal error occurred. Refer to server log for more information.");
            co_return Next::Close;
        }
        co_return Next::HandedOver;
    }

    LoginClient& c_;
    proto::ImapReceiver receiver_;
    int bad_ = 0;
};

}  // namespace

std::string pre_login_capability(LoginClient& client, const std::vector<std::string>& mechanisms)
{
    std::string caps = "CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+";
    if (client.env().tls && !client.stream().tls()) {
        caps += " STARTTLS";
    }
    if (!client.plaintext_allowed()) {
        caps += " LOGINDISABLED";
    }
    for (const std::string& m : mechanisms) {
        caps += " AUTH=" + m;
    }
    return caps;
}

asio::awaitable<void> serve_imap_login(LoginClient& client)
{
    co_await LoginConversation(client).run();
}

}  // namespace roost::imap
