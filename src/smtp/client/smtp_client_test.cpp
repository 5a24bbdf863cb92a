// SmtpClient against a scripted server: the opening conversation (EHLO, STARTTLS, AUTH PLAIN
// and LOGIN through libsasl2), refusals, DATA with dot-stuffing, and a lost connection.
#include "smtp/client/smtp_client.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "smtp/client/sasl_client.hpp"
#include "smtp/client/tcp_transport.hpp"

namespace roost::smtp::client {
namespace {

// A server that expects exact lines and answers each with canned bytes.
struct Script {
    std::string greeting = "220 relay.test ESMTP\r\n";
    std::deque<std::pair<std::string, std::string>> steps;  // what we must write -> the answer
    std::vector<std::string> written;
    bool tls = false;
    bool hang_up = false;  // the server closes instead of answering the next step
};

class ScriptedTransport final : public SmtpTransport {
public:
    explicit ScriptedTransport(Script& s) : s_(s) { pending_ = s.greeting; }

    Result<void> write(std::string_view bytes) override
    {
        s_.written.emplace_back(bytes);
        if (s_.steps.empty() || s_.hang_up) {
            pending_.clear();
            return Result<void>();
        }
        EXPECT_EQ(std::string(bytes), s_.steps.front().first);
        pending_ += s_.steps.front().second;
        s_.steps.pop_front();
        return Result<void>();
    }
    Result<std::string> read_some() override
    {
        if (pending_.empty()) {
            return Error{std::make_error_code(std::errc::connection_reset), "closed"};
        }
        // One byte at a time: the client must cope with replies split anywhere.
        std::string one = pending_.substr(0, 1);
        pending_.erase(0, 1);
        return one;
    }
    Result<void> start_tls() override
    {
        s_.tls = true;
        return Result<void>();
    }
    bool tls() const override { return s_.tls; }

private:
    Script& s_;
    std::string pending_;
};

const char* kEhlo =
    "250-relay.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-STARTTLS\r\n250-AUTH PLAIN "
    "LOGIN\r\n250 DSN\r\n";

TEST(SmtpClient, PlainSessionMailRcptData)
{
    Script s;
    s.steps = {{"EHLO roost.test\r\n", kEhlo},
               {"MAIL FROM:<a@x>\r\n", "250 2.1.0 Ok\r\n"},
               {"RCPT TO:<b@y>\r\n", "250 2.1.5 Ok\r\n"},
               {"DATA\r\n", "354 End data with <CR><LF>.<CR><LF>\r\n"},
               {"Subject: hi\r\n\r\n..dot\r\n.\r\n", "250 2.0.0 Ok: queued as ABC\r\n"},
               {"QUIT\r\n", "221 2.0.0 Bye\r\n"}};
    SmtpClient c(std::make_unique<ScriptedTransport>(s));
    ASSERT_TRUE(c.open({.helo = "roost.test"}));
    EXPECT_TRUE(c.capabilities().has("DSN"));
    EXPECT_EQ(c.capabilities().size(), std::optional<std::size_t>(1000));
    auto mail = c.command("MAIL FROM:<a@x>");
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->code, 250);
    auto rcpt = c.command("RCPT TO:<b@y>");
    ASSERT_TRUE(rcpt);
    EXPECT_EQ(rcpt->enhanced, "2.1.5");
    auto data = c.data("Subject: hi\n\n.dot\n");
    ASSERT_TRUE(data);
    EXPECT_EQ(data->text(), "Ok: queued as ABC");
    c.quit();
    EXPECT_TRUE(s.steps.empty());
    EXPECT_FALSE(s.tls);
}

TEST(SmtpClient, StarttlsThenEhloAgainThenAuthPlain)
{
    Script s;
    s.steps = {{"EHLO roost.test\r\n", kEhlo},
               {"STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n"},
               {"EHLO roost.test\r\n", "250-relay.test\r\n250 AUTH PLAIN LOGIN\r\n"},
               // "\0relay\0pw" in base64
               {"AUTH PLAIN AHJlbGF5AHB3\r\n", "235 2.7.0 Authentication successful\r\n"}};
    SmtpClient c(std::make_unique<ScriptedTransport>(s));
    auto sasl = SaslClient::create("smtp", "relay.test", SaslCredentials{"relay", "", "pw"});
    ASSERT_TRUE(sasl) << sasl.error().message;
    auto opened = c.open(
        {.helo = "roost.test", .starttls = true, .login = sasl->get(), .mechanisms = {"PLAIN"}});
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(s.tls);
    EXPECT_FALSE(c.capabilities().has("STARTTLS"));  // the second EHLO's answer counts
    EXPECT_TRUE(s.steps.empty());
}

TEST(SmtpClient, AuthLoginAnswersTheChallenges)
{
    Script s;
    s.steps = {{"EHLO roost.test\r\n", "250-relay.test\r\n250 AUTH LOGIN\r\n"},
               {"AUTH LOGIN\r\n", "334 VXNlcm5hbWU6\r\n"},
               {"cmVsYXk=\r\n", "334 UGFzc3dvcmQ6\r\n"},
               {"cHc=\r\n", "235 2.7.0 Authentication successful\r\n"}};
    SmtpClient c(std::make_unique<ScriptedTransport>(s));
    auto sasl = SaslClient::create("smtp", "relay.test", SaslCredentials{"relay", "", "pw"});
    ASSERT_TRUE(sasl) << sasl.error().message;
    auto opened = c.open({.helo = "roost.test", .login = sasl->get()});
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(s.steps.empty());
}

TEST(SmtpClient, RefusedAuthKeepsTheReply)
{
    Script s;
    s.steps = {{"EHLO roost.test\r\n", "250-relay.test\r\n250 AUTH PLAIN\r\n"},
               {"AUTH PLAIN AHJlbGF5AGJhZA==\r\n", "535 5.7.8 Error: authentication failed\r\n"}};
    SmtpClient c(std::make_unique<ScriptedTransport>(s));
    auto sasl = SaslClient::create("smtp", "relay.test", SaslCredentials{"relay", "", "bad"});
    ASSERT_TRUE(sasl) << sasl.error().message;
    auto opened = c.open({.helo = "roost.test", .login = sasl->get()});
    ASSERT_FALSE(opened);
    ASSERT_TRUE(c.refusal().has_value());
    EXPECT_EQ(c.refusal()->code, 535);
    EXPECT_NE(opened.error().message.find("535 5.7.8"), std::string::npos);
}

TEST(SmtpClient, StarttlsNotOfferedIsAnError)
{
    Script s;
    s.steps = {{"EHLO roost.test\r\n", "250 relay.test\r\n"}};
    SmtpClient c(std::make_unique<ScriptedTransport>(s));
    auto opened = c.open({.helo = "roost.test", .starttls = true});
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.error().message.find("STARTTLS"), std::string::npos);
}

TEST(SmtpClient, RefusedDataCommandIsTheReply)
{
    Script s;
    s.steps = {{"EHLO roost.test\r\n", "250 relay.test\r\n"},
               {"DATA\r\n", "554 5.5.1 Error: no valid recipients\r\n"}};
    SmtpClient c(std::make_unique<ScriptedTransport>(s));
    ASSERT_TRUE(c.open({.helo = "roost.test"}));
    auto data = c.data("x\n");
    ASSERT_TRUE(data);
    EXPECT_EQ(data->code, 554);
    EXPECT_EQ(s.written.back(), "DATA\r\n");  // the message itself never went out
}

TEST(SmtpClient, LostConnectionIsAnErrorAndStays)
{
    Script s;
    s.steps = {{"EHLO roost.test\r\n", "250 relay.test\r\n"}};
    SmtpClient c(std::make_unique<ScriptedTransport>(s));
    ASSERT_TRUE(c.open({.helo = "roost.test"}));
    s.hang_up = true;
    EXPECT_FALSE(c.command("MAIL FROM:<>"));
    EXPECT_FALSE(c.command("RSET"));
}

TEST(TcpTransport, PlainTcpCannotStartTls)
{
    // roost-lda's transport: no OpenSSL behind it, so STARTTLS must fail clearly, not silently.
    TcpTransport plain({.host = "127.0.0.1", .port = 2525});
    EXPECT_FALSE(plain.tls());
    auto tls = plain.start_tls();
    ASSERT_FALSE(tls);
    EXPECT_NE(tls.error().message.find("127.0.0.1:2525"), std::string::npos) << tls.error().message;
}

}  // namespace
}  // namespace roost::smtp::client
