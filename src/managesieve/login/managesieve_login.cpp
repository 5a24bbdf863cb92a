#include "managesieve/login/managesieve_login.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "core/base64.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "managesieve/common/capability.hpp"
#include "managesieve/proto/managesieve_receiver.hpp"
#include "managesieve/proto/response.hpp"

namespace roost::managesieve {
namespace {

namespace asio = net::asio;
using login::AuthOutcome;
using login::LoginClient;
using proto::response;

constexpr int kMaxBadCommands = 10;

enum class Next { Continue, Close, HandedOver };

class LoginConversation {
public:
    explicit LoginConversation(LoginClient& c) : c_(c) {}

    asio::awaitable<void> run()
    {
        auto settings = sieve_settings(*c_.env().config);
        if (!settings) {
            log::error(settings.error().message);
            const std::string bye = response("BYE", "", "Internal error occurred. Refer to server log for more information.");
            co_await c_.send(bye);
            co_return;
        }
        sieve_ = std::move(*settings);
        server_ = server_settings(*c_.env().config);
        receiver_ = proto::Receiver(proto::ReceiverLimits{server_.max_line});
        const std::string caps = co_await capabilities();
        const std::string greeting = caps + response("OK", "", c_.env().greeting);
        if (!co_await c_.send(greeting)) {
            co_return;
        }
        while (bad_ < kMaxBadCommands) {
            auto event = co_await next_event();
            if (!event) {
                co_return;
            }
            if (const auto* err = std::get_if<proto::ParseError>(&*event)) {
                ++bad_;
                const std::string reply = response("NO", "", err->text);
                co_await c_.send(reply);
                continue;
            }
            const proto::Line& line = std::get<proto::Line>(*event);
            if (co_await handle(line) != Next::Continue) {
                co_return;
            }
        }
        const std::string bye = response("BYE", "", "Too many invalid commands.");
        co_await c_.send(bye);
    }

private:
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

    asio::awaitable<std::string> capabilities()
    {
        CapabilityInput in;
        in.sieve = &sieve_;
        in.server = &server_;
        in.starttls = c_.env().tls && !c_.stream().tls();
        in.sasl = true;
        in.mechanisms = co_await c_.mechanisms();
        co_return capability_lines(in);
    }

    asio::awaitable<Next> handle(const proto::Line& line)
    {
        const proto::Word& first = line.words.front();
        const std::string name = first.kind == proto::Word::Kind::Atom ? to_upper(first.value) : std::string();
        std::string reply;
        if (name == "CAPABILITY") {
            const std::string caps = co_await capabilities();
            reply = caps + response("OK", "", "Capability completed.");
        } else if (name == "NOOP") {
            const std::string tag = line.words.size() > 1 ? "TAG " + proto::sieve_string(line.words[1].value) : "";
            reply = response("OK", tag, "NOOP completed.");
        } else if (name == "LOGOUT") {
            const std::string bye = response("OK", "", "Logout completed.");
            co_await c_.send(bye);
            co_return Next::Close;
        } else if (name == "STARTTLS") {
            co_return co_await starttls();
        } else if (name == "AUTHENTICATE") {
            co_return co_await authenticate(line);
        } else {
            ++bad_;
            reply = response("NO", "", name.empty() ? "Expected a command name." : "Authenticate first.");
        }
        co_await c_.send(reply);
        co_return Next::Continue;
    }

    asio::awaitable<Next> starttls()
    {
        if (c_.stream().tls() || !c_.env().tls) {
            const std::string no = response("NO", "", c_.stream().tls() ? "TLS is already active." : "TLS support isn't enabled.");
            co_await c_.send(no);
            co_return Next::Continue;
        }
        if (receiver_.buffered() > 0 || c_.has_buffered_input()) {
            const std::string no = response("BYE", "", "STARTTLS must be the last command before the TLS handshake.");
            co_await c_.send(no);
            co_return Next::Close;
        }
        const std::string ok = response("OK", "", "Begin TLS negotiation now.");
        co_await c_.send(ok);
        if (auto tls = co_await c_.start_tls(); !tls) {
            log::info(tls.error().message, " (rip=", c_.remote_ip(), ")");
            co_return Next::Close;
        }
        // RFC 5804 section 2.2: the server sends its capabilities again after the handshake.
        const std::string caps = co_await capabilities();
        const std::string reply = caps + response("OK", "", "TLS negotiation successful.");
        co_await c_.send(reply);
        co_return Next::Continue;
    }

    asio::awaitable<Next> authenticate(const proto::Line& line)
    {
        if (line.words.size() < 2 || line.words.size() > 3 || !line.words[1].is_string() ||
            (line.words.size() == 3 && !line.words[2].is_string())) {
            ++bad_;
            const std::string no = response("NO", "", "AUTHENTICATE needs a mechanism and an optional initial response.");
            co_await c_.send(no);
            co_return Next::Continue;
        }
        const std::string mech = to_upper(line.words[1].value);
        const auto offered = co_await c_.mechanisms();
        if (std::find(offered.begin(), offered.end(), mech) == offered.end()) {
            const bool plaintext = (mech == "PLAIN" || mech == "LOGIN") && !c_.plaintext_allowed();
            const std::string no = plaintext ? response("NO", "ENCRYPT-NEEDED", "Plaintext authentication disallowed on non-secure (SSL/TLS) connections.")
                                             : response("NO", "", "Unsupported authentication mechanism.");
            co_await c_.send(no);
            co_return Next::Continue;
        }
        std::optional<std::string> initial;
        if (line.words.size() == 3) {
            initial = line.words[2].value;  // already base64, as the auth service takes it
        }
        const auto outcome = co_await c_.authenticate(
            mech, initial, [this](const std::string& challenge) -> asio::awaitable<std::optional<std::string>> {
                const std::string prompt = proto::sieve_string(challenge) + "\r\n";
                if (!co_await c_.send(prompt)) {
                    co_return std::nullopt;
                }
                auto event = co_await next_event();
                const auto* reply = event ? std::get_if<proto::Line>(&*event) : nullptr;
                if (reply == nullptr || reply->words.size() != 1 || !reply->words[0].is_string()) {
                    co_return std::nullopt;  // "*" or anything but one string cancels
                }
                co_return reply->words[0].value;
            });
        co_return co_await finish(outcome);
    }

    asio::awaitable<Next> finish(const AuthOutcome& outcome)
    {
        std::string no;
        switch (outcome.kind) {
        case AuthOutcome::Kind::Ok: break;
        case AuthOutcome::Kind::Aborted: no = response("NO", "", "Authentication aborted by client."); break;
        case AuthOutcome::Kind::TempFail: no = response("NO", "TRYLATER", outcome.reason); break;
        case AuthOutcome::Kind::Failed: no = response("NO", "", outcome.reason); break;
        }
        if (!no.empty()) {
            co_await c_.send(no);
            co_return Next::Continue;
        }
        c_.unread(receiver_.take_unparsed());
        auto handed = co_await c_.hand_over();
        if (!handed) {
            log::error(outcome.user, ": ", handed.error().message);
            const std::string bye = response("NO", "TRYLATER", "Internal error occurred. Refer to server log for more information.");
            co_await c_.send(bye);
            co_return Next::Close;
        }
        co_return Next::HandedOver;
    }

    LoginClient& c_;
    proto::Receiver receiver_;
    sieve::Settings sieve_;
    ServerSettings server_;
    int bad_ = 0;
};

}  // namespace

asio::awaitable<void> serve_managesieve_login(LoginClient& client)
{
    co_await LoginConversation(client).run();
}

}  // namespace roost::managesieve
