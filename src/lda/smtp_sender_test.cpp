// SmtpSender against a small SMTP server on a loopback socket (a thread in this test): what it
// sends for a vacation-style message to two recipients, and how a refused recipient, a refused
// message and a closed port come back as errors naming submission_host and the reply.
#include "lda/smtp_sender.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <thread>

#include "core/unique_fd.hpp"

namespace roost::lda {
namespace {

// Accepts one connection and answers by the command: RCPT to an address containing "refuse"
// gets 550, one containing "later" 450, a message containing "REFUSE" gets 554, everything else 250. Records the bytes read.
class FakeSmtpServer {
public:
    FakeSmtpServer() : listener_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        EXPECT_EQ(::bind(listener_.get(), reinterpret_cast<sockaddr*>(&addr), len), 0);
        EXPECT_EQ(::listen(listener_.get(), 1), 0);
        EXPECT_EQ(::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&addr), &len), 0);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeSmtpServer()
    {
        ::shutdown(listener_.get(), SHUT_RDWR);
        thread_.join();
    }
    unsigned port() const { return port_; }
    const std::string& transcript() const { return transcript_; }  // read once the sender returned

private:
    void serve()
    {
        UniqueFd conn(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!conn) {
            return;
        }
        timeval limit{10, 0};  // a broken sender must not hang the test
        ::setsockopt(conn.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        say(conn, "220 fake.test ESMTP\r\n");
        std::string buffer;
        bool in_data = false;
        for (;;) {
            const std::string end = in_data ? "\r\n.\r\n" : "\r\n";
            std::size_t at = buffer.find(end);
            while (at == std::string::npos) {
                char chunk[4096];
                const ssize_t n = ::read(conn.get(), chunk, sizeof chunk);
                if (n <= 0) {
                    return;
                }
                buffer.append(chunk, static_cast<std::size_t>(n));
                at = buffer.find(end);
            }
            const std::string item = buffer.substr(0, at + end.size());
            buffer.erase(0, at + end.size());
            transcript_ += item;
            if (in_data) {
                in_data = false;
                say(conn, item.find("REFUSE") != std::string::npos
                              ? "554 5.7.1 Message content rejected\r\n"
                              : "250 2.0.0 Ok: queued as 4F00D\r\n");
            } else if (item.rfind("EHLO", 0) == 0) {
                say(conn, "250-fake.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
            } else if (item.rfind("RCPT", 0) == 0 && item.find("refuse") != std::string::npos) {
                say(conn,
                    "550 5.1.1 <refuse@example.org>: Recipient address rejected: User unknown\r\n");
            } else if (item.rfind("RCPT", 0) == 0 && item.find("later") != std::string::npos) {
                say(conn, "450 4.2.0 <later@example.org>: Recipient address rejected: try again later\r\n");
            } else if (item.rfind("DATA", 0) == 0) {
                in_data = true;
                say(conn, "354 End data with <CR><LF>.<CR><LF>\r\n");
            } else if (item.rfind("QUIT", 0) == 0) {
                say(conn, "221 2.0.0 Bye\r\n");
                return;
            } else {
                say(conn, "250 2.1.0 Ok\r\n");
            }
        }
    }
    static void say(const UniqueFd& conn, const std::string& text)
    {
        EXPECT_EQ(::write(conn.get(), text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }

    UniqueFd listener_;
    unsigned port_ = 0;
    std::string transcript_;
    std::thread thread_;
};

SmtpSender sender_to(unsigned port)
{
    return SmtpSender({"127.0.0.1", port}, "mx.example.com", std::chrono::milliseconds(10000));
}

TEST(SmtpSender, NullSenderTwoRecipientsDotStuffedData)
{
    Result<void> sent = Error{};
    std::string transcript;
    {
        FakeSmtpServer server;
        sent = sender_to(server.port())
                   .send("", {"bob@example.org", "carol@example.org"},
                         "Subject: away\n\n.leading dot\nbye\n");
        transcript = server.transcript();  // the server thread is done once QUIT was answered
    }
    ASSERT_TRUE(sent) << sent.error().message;
    EXPECT_EQ(transcript,
              "EHLO mx.example.com\r\n"
              "MAIL FROM:<>\r\n"
              "RCPT TO:<bob@example.org>\r\n"
              "RCPT TO:<carol@example.org>\r\n"
              "DATA\r\n"
              "Subject: away\r\n\r\n..leading dot\r\nbye\r\n.\r\n"
              "QUIT\r\n");
}

TEST(SmtpSender, EightBitMessageAsks8BitMime)
{
    std::string transcript;
    {
        FakeSmtpServer server;
        ASSERT_TRUE(
            sender_to(server.port())
                .send("alice@example.com", {"bob@example.org"}, "Subject: caf\xc3\xa9\n\nx\n"));
        transcript = server.transcript();
    }
    EXPECT_NE(transcript.find("MAIL FROM:<alice@example.com> BODY=8BITMIME\r\n"), std::string::npos)
        << transcript;
}

TEST(SmtpSender, RefusedRecipientFailsTheWholeMessage)
{
    Result<void> sent;
    std::string transcript;
    {
        FakeSmtpServer server;
        sent = sender_to(server.port())
                   .send("alice@example.com", {"bob@example.org", "refuse@example.org"}, "x\n");
        transcript = server.transcript();
    }
    ASSERT_FALSE(sent);
    EXPECT_NE(sent.error().message.find("submission_host 127.0.0.1:"), std::string::npos)
        << sent.error().message;
    EXPECT_NE(sent.error().message.find("RCPT TO:<refuse@example.org> refused: 550 5.1.1"),
              std::string::npos)
        << sent.error().message;
    EXPECT_EQ(transcript.find("DATA"), std::string::npos);  // the message never went out
    EXPECT_TRUE(is_permanent_send_error(sent.error()));  // 5xx: no use trying again
}

TEST(SmtpSender, A4xxRecipientReplyIsATemporaryFailure)
{
    Result<void> sent;
    {
        FakeSmtpServer server;
        sent = sender_to(server.port()).send("alice@example.com", {"later@example.org"}, "x\n");
    }
    ASSERT_FALSE(sent);
    EXPECT_NE(sent.error().message.find("RCPT TO:<later@example.org> refused: 450 4.2.0"), std::string::npos)
        << sent.error().message;
    EXPECT_FALSE(is_permanent_send_error(sent.error()));
}

TEST(SmtpSender, RefusedMessageIsAnError)
{
    Result<void> sent;
    {
        FakeSmtpServer server;
        sent = sender_to(server.port())
                   .send("alice@example.com", {"bob@example.org"}, "Subject: REFUSE\n\nx\n");
    }
    ASSERT_FALSE(sent);
    EXPECT_NE(sent.error().message.find("DATA refused: 554 5.7.1 Message content rejected"),
              std::string::npos)
        << sent.error().message;
    EXPECT_TRUE(is_permanent_send_error(sent.error()));
}

TEST(SmtpSender, ClosedPortIsAnErrorNamingTheHost)
{
    unsigned port = 0;
    {
        FakeSmtpServer server;  // a port that was free a moment ago and is closed again
        port = server.port();
        (void)sender_to(port).send("", {"bob@example.org"}, "x\n");
    }
    auto sent = sender_to(port).send("", {"bob@example.org"}, "x\n");
    ASSERT_FALSE(sent);
    EXPECT_NE(sent.error().message.find("submission_host 127.0.0.1:" + std::to_string(port)),
              std::string::npos)
        << sent.error().message;
    EXPECT_NE(sent.error().message.find("refused"), std::string::npos) << sent.error().message;
    EXPECT_FALSE(is_permanent_send_error(sent.error()));  // the MTA may be back soon
}

TEST(SmtpSender, AddressesThatWouldBreakTheCommandAreRefusedBeforeConnecting)
{
    auto sent = sender_to(1).send("x@y>\r\nRCPT TO:<victim@z", {"bob@example.org"}, "x\n");
    ASSERT_FALSE(sent);
    EXPECT_NE(sent.error().message.find("sender address"), std::string::npos)
        << sent.error().message;
    EXPECT_TRUE(is_permanent_send_error(sent.error()));
    EXPECT_FALSE(sender_to(1).send("", {"a\r\nb@y"}, "x\n"));
}

}  // namespace
}  // namespace roost::lda
