// A TLS client handed from the login side (hand_over + relay) to a worker service
// (serve_handoffs): the session runs as the user in its own process and its bytes reach the
// client through the login process's TLS relay, both ways.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth/testing/real_auth_service.hpp"
#include "core/base64.hpp"
#include "login/auth_session.hpp"
#include "login/hand_over.hpp"
#include "net/listen.hpp"
#include "net/testing/test_certs.hpp"
#include "worker/handoff_server.hpp"

namespace roost::worker {
namespace {

namespace asio = net::asio;
namespace proto = auth::proto;
using tcp = asio::ip::tcp;

uid_t mail_uid() { return ::geteuid() == 0 ? 1000 : ::geteuid(); }

class LoginToWorker : public auth::testing::RealAuthService {
protected:
    auth::testing::RealAuthOptions options() const override
    {
        const std::string id = std::to_string(mail_uid());
        return {.users = "alice:{PLAIN}secret:" + id + ":" + id + "::/srv/mail/alice::\n"};
    }
    void TearDown() override
    {
        if (worker_ > 0) {
            ::kill(worker_, SIGTERM);
            ::waitpid(worker_, nullptr, 0);
        }
        auth::testing::RealAuthService::TearDown();
    }
    // The worker service: greets with the user and uid, then echoes one line.
    void start_worker()
    {
        worker_socket_ = (dir_ / "worker").string();
        auto listener = net::listen_unix({.path = worker_socket_, .mode = 0666});
        ASSERT_TRUE(listener) << listener.error().message;
        WorkerSetup setup{"imap", socket("auth-master"), {}};
        setup.policy.first_valid_uid = 100;
        worker_ = ::fork();
        if (worker_ == 0) {
            ::_exit(serve_handoffs(listener->get(), setup, [](ClientSession&& s) {
                const std::string hello = "* hello " + s.user.name + " uid=" + std::to_string(::geteuid()) + "\n";
                if (::write(s.client.get(), hello.data(), hello.size()) <= 0) {
                    return 3;
                }
                char buf[256];
                const ssize_t n = ::read(s.client.get(), buf, sizeof buf);
                const std::string echo = "* echo " + std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
                return ::write(s.client.get(), echo.data(), echo.size()) > 0 ? 0 : 4;
            }));
        }
    }
    std::string worker_socket_;
    pid_t worker_ = -1;
};

TEST_F(LoginToWorker, TlsClientIsRelayedToTheUsersWorker)
{
    start_worker();
    const auto cert = net::testing::make_cert("imap.example.test");
    auto tls = net::TlsContext::create({.cert_pem = cert.cert, .key_pem = cert.key});
    ASSERT_TRUE(tls) << tls.error().message;

    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::string login_error = "login side did not finish";
    // The login process's side: TLS, auth, hand-over, relay.
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            login::ClientStream client(co_await acceptor.async_accept(asio::use_awaitable));
            boost::system::error_code ec;
            co_await client.start_tls(**tls, ec);
            if (ec) {
                login_error = "handshake: " + ec.message();
                co_return;
            }
            auto auth = co_await login::AuthSession::connect(socket("auth-client"));
            if (!auth) {
                login_error = auth.error().message;
                co_return;
            }
            proto::AuthCommand c;
            c.mechanism = "PLAIN";
            c.service = "imap";
            c.secured = true;
            c.initial_response = base64_encode(std::string("\0alice\0secret", 13));
            auto r = co_await auth->begin(c);
            if (!r || !std::holds_alternative<proto::Ok>(*r)) {
                login_error = "auth failed";
                co_return;
            }
            login::Handoff h;
            h.protocol = "imap";
            h.login_pid = static_cast<std::uint32_t>(::getpid());
            h.auth_id = auth->auth_id();
            h.cookie = auth->cookie();
            h.tls = true;
            asio::local::stream_protocol::socket relay_end(io);
            auto handed = co_await login::hand_over(client, h, worker_socket_, relay_end);
            if (!handed) {
                login_error = handed.error().message;
                co_return;
            }
            login_error.clear();
            co_await login::relay(client, relay_end);
        },
        asio::detached);

    // The mail client's side.
    std::string greeting;
    std::string echo;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            asio::ssl::context ctx(asio::ssl::context::tls_client);
            ctx.add_certificate_authority(asio::buffer(cert.cert));
            ctx.set_verify_mode(asio::ssl::verify_peer);
            asio::ssl::stream<tcp::socket> s(io, ctx);
            co_await s.next_layer().async_connect(acceptor.local_endpoint(), asio::use_awaitable);
            co_await s.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
            std::string in;
            co_await asio::async_read_until(s, asio::dynamic_buffer(in), "\n", asio::use_awaitable);
            greeting = in;
            in.clear();
            co_await asio::async_write(s, asio::buffer(std::string_view("ping\n")), asio::use_awaitable);
            boost::system::error_code ec;
            co_await asio::async_read_until(s, asio::dynamic_buffer(in), "\n",
                                            asio::redirect_error(asio::use_awaitable, ec));
            echo = in;
        },
        asio::detached);
    io.run_for(std::chrono::seconds(20));

    EXPECT_EQ(login_error, "");
    EXPECT_EQ(greeting, "* hello alice uid=" + std::to_string(mail_uid()) + "\n");
    EXPECT_EQ(echo, "* echo ping\n");
}

}  // namespace
}  // namespace roost::worker
