// take_handoff against the real roost-auth: a proven login becomes the user and runs the
// session with the client's descriptor; a wrong cookie, another protocol or a forbidden uid is
// refused before any session starts.
#include "worker/handoff_server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>

#include "auth/testing/real_auth_service.hpp"
#include "core/base64.hpp"
#include "login/auth_session.hpp"
#include "net/fd_passing.hpp"

namespace roost::worker {
namespace {

namespace proto = auth::proto;
namespace asio = net::asio;

// Root becomes uid 1000; anyone else can only stay who they are.
uid_t mail_uid() { return ::geteuid() == 0 ? 1000 : ::geteuid(); }

class HandoffTest : public auth::testing::RealAuthService {
protected:
    auth::testing::RealAuthOptions options() const override
    {
        const std::string id = std::to_string(mail_uid());
        return {.users = "alice:{PLAIN}secret:" + id + ":" + id + "::/srv/mail/alice::\n"
                         "root:{PLAIN}secret:0:0::/root::\n"};
    }

    struct Login {
        std::string cookie;
        std::uint32_t id = 0;
    };
    Login login_as(const std::string& user)
    {
        Login out;
        asio::io_context io;
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                auto s = co_await login::AuthSession::connect(socket("auth-client"));
                if (!s) {
                    co_return;
                }
                proto::AuthCommand c;
                c.mechanism = "PLAIN";
                c.service = "imap";
                c.secured = true;
                c.initial_response = base64_encode(std::string(1, '\0') + user + std::string(1, '\0') + "secret");
                auto r = co_await s->begin(c);
                if (r && std::holds_alternative<proto::Ok>(*r)) {
                    out = {s->cookie(), s->auth_id()};
                }
            },
            asio::detached);
        io.run_for(std::chrono::seconds(20));
        return out;
    }

    struct Outcome {
        std::string reply;        // what the login process heard
        std::string client_got;   // what the session wrote to the client
        int exit_code = -1;
    };
    // Hands a client over in a child process (take_handoff changes the process's identity).
    Outcome hand_over(login::Handoff h)
    {
        int hand[2];
        int client[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, hand), 0);
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, client), 0);
        EXPECT_TRUE(net::send_fd(hand[0], client[1], login::format_handoff(h)));
        ::close(client[1]);
        WorkerSetup setup{"imap", socket("auth-master"), {}};
        setup.policy.first_valid_uid = 100;
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(hand[0]);
            ::close(client[0]);
            ::_exit(take_handoff(UniqueFd(hand[1]), setup, [](ClientSession&& s) {
                const std::string hello = "hello " + s.user.name + " uid=" + std::to_string(::geteuid()) +
                                          " home=" + s.user.home + " input=" + s.handoff.pending_input + "\n";
                return ::write(s.client.get(), hello.data(), hello.size()) > 0 ? 0 : 3;
            }));
        }
        ::close(hand[1]);
        Outcome out;
        const auto read_all = [](int fd) {
            std::string text;
            char buf[512];
            ssize_t n;
            while ((n = ::read(fd, buf, sizeof buf)) > 0) {
                text.append(buf, static_cast<std::size_t>(n));
            }
            return text;
        };
        out.reply = read_all(hand[0]);
        out.client_got = read_all(client[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        ::close(hand[0]);
        ::close(client[0]);
        return out;
    }

    login::Handoff handoff(const Login& l)
    {
        login::Handoff h;
        h.protocol = "imap";
        h.login_pid = static_cast<std::uint32_t>(::getpid());
        h.auth_id = l.id;
        h.cookie = l.cookie;
        h.pending_input = "a2 NOOP";
        return h;
    }
};

TEST_F(HandoffTest, AProvenLoginRunsTheSessionAsTheUser)
{
    const Login l = login_as("alice");
    ASSERT_FALSE(l.cookie.empty());
    const Outcome o = hand_over(handoff(l));
    EXPECT_EQ(o.reply, "OK\n");
    EXPECT_EQ(o.client_got, "hello alice uid=" + std::to_string(mail_uid()) + " home=/srv/mail/alice input=a2 NOOP\n");
    EXPECT_EQ(o.exit_code, 0);
}

TEST_F(HandoffTest, AWrongCookieIsRefusedBeforeAnySession)
{
    const Login l = login_as("alice");
    ASSERT_FALSE(l.cookie.empty());
    login::Handoff h = handoff(l);
    h.cookie = std::string(32, 'f');
    const Outcome o = hand_over(h);
    EXPECT_EQ(o.reply.rfind("FAIL\tauth-master did not confirm the login", 0), 0u) << o.reply;
    EXPECT_EQ(o.client_got, "");
    EXPECT_EQ(o.exit_code, 1);
}

TEST_F(HandoffTest, AnotherProtocolIsRefused)
{
    login::Handoff h = handoff(login_as("alice"));
    h.protocol = "pop3";
    const Outcome o = hand_over(h);
    EXPECT_EQ(o.reply.rfind("FAIL\tthis service serves imap", 0), 0u) << o.reply;
    EXPECT_EQ(o.client_got, "");
}

TEST_F(HandoffTest, RootIsNeverBecome)
{
    const Login l = login_as("root");
    ASSERT_FALSE(l.cookie.empty());
    const Outcome o = hand_over(handoff(l));
    EXPECT_NE(o.reply.find("uid 0 is outside first_valid_uid"), std::string::npos) << o.reply;
    EXPECT_EQ(o.client_got, "");
}

}  // namespace
}  // namespace roost::worker
