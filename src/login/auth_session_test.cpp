// AuthSession against the real roost-auth from this build: handshake, PLAIN and LOGIN, a wrong
// password, and the hand-off proof (REQUEST on auth-master) that a worker will make.
#include "login/auth_session.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "auth/client/auth_client.hpp"
#include "auth/testing/real_auth_service.hpp"
#include "core/base64.hpp"

namespace roost::login {
namespace {

namespace proto = auth::proto;

class RealAuthService : public auth::testing::RealAuthService {
protected:
    // Runs `body` as a coroutine to completion.
    template <class F>
    void run(F body)
    {
        asio::io_context io;
        asio::co_spawn(io, body, asio::detached);
        io.run_for(std::chrono::seconds(20));
    }
};

proto::AuthCommand plain(const std::string& user, const std::string& password)
{
    proto::AuthCommand c;
    c.mechanism = "PLAIN";
    c.service = "imap";
    c.secured = true;
    c.initial_response = base64_encode(std::string(1, '\0') + user + std::string(1, '\0') + password);
    return c;
}

TEST_F(RealAuthService, PlainLoginAndTheHandoffProof)
{
    std::optional<bool> ok;
    std::string cookie;
    std::uint32_t id = 0;
    run([&]() -> asio::awaitable<void> {
        auto session = co_await AuthSession::connect(socket("auth-client"));
        EXPECT_TRUE(session) << (session ? "" : session.error().message);
        if (!session) {
            co_return;
        }
        EXPECT_EQ(session->mechanisms().size(), 2u);
        EXPECT_EQ(session->cookie().size(), 32u);
        auto reply = co_await session->begin(plain("alice", "secret"));
        ok = reply && std::holds_alternative<proto::Ok>(*reply);
        cookie = session->cookie();
        id = session->auth_id();
    });
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(*ok);
    // What a worker does with the hand-off: the same pid, id and cookie give the userdb answer,
    // once; a wrong cookie gives nothing.
    auto master = auth::UserdbClient::connect(socket("auth-master"));
    ASSERT_TRUE(master) << master.error().message;
    auto wrong = master->request(static_cast<std::uint32_t>(::getpid()), id, std::string(32, '0'));
    ASSERT_TRUE(wrong);
    EXPECT_TRUE(std::holds_alternative<proto::MasterFail>(*wrong));
    auto user = master->request(static_cast<std::uint32_t>(::getpid()), id, cookie);
    ASSERT_TRUE(user);
    const auto* found = std::get_if<proto::UserFound>(&*user);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->user, "alice");
    auto again = master->request(static_cast<std::uint32_t>(::getpid()), id, cookie);
    ASSERT_TRUE(again);
    EXPECT_TRUE(std::holds_alternative<proto::MasterFail>(*again));
}

TEST_F(RealAuthService, LoginMechanismAndAWrongPassword)
{
    std::optional<bool> login_ok;
    std::optional<bool> wrong_failed;
    run([&]() -> asio::awaitable<void> {
        auto session = co_await AuthSession::connect(socket("auth-client"));
        if (!session) {
            co_return;
        }
        proto::AuthCommand c;
        c.mechanism = "LOGIN";
        c.service = "imap";
        c.secured = true;
        auto step = co_await session->begin(c);
        // A plain array: GCC 12 loses an initializer_list's storage across co_await.
        static const char* const kAnswers[] = {"alice", "secret"};
        for (const char* answer : kAnswers) {
            if (!step || !std::holds_alternative<proto::Cont>(*step)) {
                co_return;
            }
            step = co_await session->respond(base64_encode(answer));
        }
        login_ok = step && std::holds_alternative<proto::Ok>(*step);
        auto again = co_await AuthSession::connect(socket("auth-client"));
        if (!again) {
            co_return;
        }
        auto wrong = co_await again->begin(plain("alice", "nope"));
        wrong_failed = wrong && std::holds_alternative<proto::Fail>(*wrong);
    });
    ASSERT_TRUE(login_ok.has_value());
    EXPECT_TRUE(*login_ok);
    ASSERT_TRUE(wrong_failed.has_value());
    EXPECT_TRUE(*wrong_failed);
}

TEST(AuthSessionErrors, AMissingSocketIsAnError)
{
    std::optional<std::string> error;
    asio::io_context io;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto s = co_await AuthSession::connect("/nonexistent/auth-client");
            if (!s) {
                error = s.error().message;
            }
        },
        asio::detached);
    io.run();
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("/nonexistent/auth-client"), std::string::npos);
}

}  // namespace
}  // namespace roost::login
