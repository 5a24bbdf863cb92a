// The submission session against a fake relay, over a socket pair: replies passed back per
// recipient, the sender check, the Received: header, the size and recipient limits, and a relay
// that cannot be reached.
#include "submission/worker/submission_session.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/unique_fd.hpp"

namespace roost::submission {
namespace {

using smtp::client::SmtpClient;
using smtp::client::SmtpTransport;

// A relay that accepts everything except recipients at "refused.example", and records what
// it was sent.
struct RelayLog {
    std::vector<std::string> commands;
    std::string message;  // the last DATA content, still dot-stuffed, with CRLF
    bool dsn = true;
};

class FakeRelay final : public SmtpTransport {
public:
    explicit FakeRelay(RelayLog& log) : log_(log), out_("220 relay.test ESMTP\r\n") {}

    Result<void> write(std::string_view bytes) override
    {
        if (in_data_) {
            log_.message += bytes;
            if (log_.message.size() >= 5 && log_.message.compare(log_.message.size() - 5, 5, "\r\n.\r\n") == 0) {
                in_data_ = false;
                out_ += "250 2.0.0 Ok: queued as 4X\r\n";
            }
            return Result<void>();
        }
        const std::string line(bytes.substr(0, bytes.size() - 2));
        log_.commands.push_back(line);
        if (line.rfind("EHLO", 0) == 0) {
            out_ += log_.dsn ? "250-relay.test\r\n250-SIZE 100000\r\n250 DSN\r\n" : "250 relay.test\r\n";
        } else if (line.rfind("RCPT", 0) == 0 && line.find("@refused.example") != std::string::npos) {
            out_ += "554 5.7.1 <x@refused.example>: Relay access denied\r\n";
        } else if (line == "DATA") {
            log_.message.clear();
            in_data_ = true;
            out_ += "354 End data with <CR><LF>.<CR><LF>\r\n";
        } else if (line == "QUIT") {
            out_ += "221 2.0.0 Bye\r\n";
        } else {
            out_ += "250 2.0.0 Ok\r\n";
        }
        return Result<void>();
    }
    Result<std::string> read_some() override
    {
        if (out_.empty()) {
            return Error{std::make_error_code(std::errc::connection_reset), "closed"};
        }
        return std::exchange(out_, std::string());
    }
    Result<void> start_tls() override { return Result<void>(); }
    bool tls() const override { return false; }

private:
    RelayLog& log_;
    std::string out_;
    bool in_data_ = false;
};

struct Outcome {
    std::string replies;
    RelayLog relay;
};

// Feeds `input` to a session as alice@example.com (pipelined, then end of stream) and returns
// everything it answered.
Outcome run(const std::string& input, SessionSettings settings = {}, bool relay_up = true, bool dsn = true)
{
    Outcome r;
    r.relay.dsn = dsn;
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    UniqueFd ours(fds[0]);
    UniqueFd theirs(fds[1]);
    EXPECT_EQ(::write(ours.get(), input.data(), input.size()), static_cast<ssize_t>(input.size()));
    ::shutdown(ours.get(), SHUT_WR);
    settings.hostname = "mail.example.net";
    const ClientInfo client{"alice@example.com", "laptop.example", "192.0.2.7", 50123, "sess1", true};
    const SenderPolicy senders = sender_policy(client.user, settings.hostname, "", "+");
    RelayLog& log = r.relay;
    const RelayConnector connect = [&log, relay_up]() -> Result<std::unique_ptr<SmtpClient>> {
        if (!relay_up) {
            return Error{std::make_error_code(std::errc::connection_refused), "relay: connection refused"};
        }
        auto c = std::make_unique<SmtpClient>(std::make_unique<FakeRelay>(log));
        if (auto opened = c->open({.helo = "mail.example.net"}); !opened) {
            return opened.error();
        }
        return c;
    };
    run_submission_session(theirs.get(), "", settings, client, senders, connect);
    theirs.reset();
    char buf[4096];
    for (ssize_t n; (n = ::read(ours.get(), buf, sizeof buf)) > 0;) {
        r.replies.append(buf, static_cast<std::size_t>(n));
    }
    return r;
}

TEST(SubmissionSession, RelaysTheMessageWithAReceivedHeader)
{
    const Outcome r = run("MAIL FROM:<alice@example.com> SIZE=20 RET=HDRS AUTH=<>\r\n"
                      "RCPT TO:<bob@example.org> NOTIFY=NEVER\r\n"
                      "DATA\r\nSubject: hi\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
    EXPECT_EQ(r.replies,
              "235 2.7.0 Logged in.\r\n250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n354 OK\r\n250 2.0.0 Ok: queued as 4X\r\n"
              "221 2.0.0 Bye\r\n");
    ASSERT_GE(r.relay.commands.size(), 4u);
    EXPECT_EQ(r.relay.commands[1], "MAIL FROM:<alice@example.com> SIZE=20 RET=HDRS");  // AUTH= is ours, not passed
    EXPECT_EQ(r.relay.commands[2], "RCPT TO:<bob@example.org> NOTIFY=NEVER");
    EXPECT_EQ(r.relay.message.rfind("Received: from laptop.example ([192.0.2.7])\r\n"
                                    "\tby mail.example.net (Roost) with ESMTPSA id sess1\r\n"
                                    "\t(Authenticated sender: alice@example.com)\r\n"
                                    "\tfor <bob@example.org>; ", 0),
              0u)
        << r.relay.message;
    EXPECT_NE(r.relay.message.find("\r\nSubject: hi\r\n\r\n..dot\r\n.\r\n"), std::string::npos);
}

TEST(SubmissionSession, DsnParametersOnlyWhenTheRelayHasDsn)
{
    const Outcome r = run("EHLO again.example\r\nMAIL FROM:<alice@example.com> RET=FULL\r\nRCPT TO:<b@x.example> NOTIFY=NEVER\r\n",
                      {}, true, false);
    EXPECT_EQ(r.replies.find("DSN"), std::string::npos) << r.replies;
    ASSERT_GE(r.relay.commands.size(), 3u);
    EXPECT_EQ(r.relay.commands[1], "MAIL FROM:<alice@example.com>");
    EXPECT_EQ(r.relay.commands[2], "RCPT TO:<b@x.example>");
}

TEST(SubmissionSession, EhloAnnouncesTheRelaysSizeAndDsn)
{
    const Outcome r = run("EHLO again.example\r\n");
    EXPECT_NE(r.replies.find("250-mail.example.net\r\n"), std::string::npos) << r.replies;
    EXPECT_NE(r.replies.find("250-DSN\r\n"), std::string::npos);
    EXPECT_NE(r.replies.find("250 SIZE 100000\r\n"), std::string::npos);
    EXPECT_EQ(r.replies.find("AUTH"), std::string::npos);
}

TEST(SubmissionSession, ForgedSenderIsRefused)
{
    const Outcome r = run("MAIL FROM:<boss@example.com>\r\nMAIL FROM:<alice+x@EXAMPLE.com>\r\n");
    EXPECT_NE(r.replies.find("553 5.7.1 <boss@example.com> Sender address not owned by alice@example.com\r\n"),
              std::string::npos)
        << r.replies;
    EXPECT_NE(r.replies.find("250 2.0.0 Ok\r\n"), std::string::npos);
    for (const std::string& c : r.relay.commands) {
        EXPECT_EQ(c.find("boss"), std::string::npos);  // never reached the relay
    }
}

TEST(SubmissionSession, RelayRepliesPerRecipient)
{
    const Outcome r = run("MAIL FROM:<alice@example.com>\r\nRCPT TO:<x@refused.example>\r\nRCPT TO:<y@ok.example>\r\n"
                      "DATA\r\nhi\r\n.\r\n");
    EXPECT_NE(r.replies.find("554 5.7.1 <x@refused.example>: Relay access denied\r\n250 2.0.0 Ok\r\n354 OK\r\n"),
              std::string::npos)
        << r.replies;
    EXPECT_NE(r.relay.message.find("\tfor <y@ok.example>"), std::string::npos);
}

TEST(SubmissionSession, DataWithoutAcceptedRecipientsIsRefused)
{
    const Outcome r = run("MAIL FROM:<alice@example.com>\r\nRCPT TO:<x@refused.example>\r\nDATA\r\n");
    EXPECT_NE(r.replies.find("554 5.5.1 No valid recipients\r\n"), std::string::npos) << r.replies;
}

TEST(SubmissionSession, SizeLimits)
{
    SessionSettings s;
    s.max_mail_size = 10;
    const Outcome r = run("MAIL FROM:<alice@example.com> SIZE=11\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<b@x.example>\r\n"
                      "DATA\r\n0123456789abcdef\r\n.\r\nNOOP\r\n",
                      s);
    EXPECT_NE(r.replies.find("552 5.3.4 Message too large\r\n250 2.0.0 Ok\r\n"), std::string::npos) << r.replies;
    EXPECT_NE(r.replies.find("354 OK\r\n552 5.3.4 Message too large\r\n250 2.0.0 OK\r\n"), std::string::npos)
        << r.replies;
    EXPECT_TRUE(r.relay.message.empty());
}

TEST(SubmissionSession, RecipientLimit)
{
    SessionSettings s;
    s.max_recipients = 1;
    const Outcome r = run("MAIL FROM:<alice@example.com>\r\nRCPT TO:<a@x.example>\r\nRCPT TO:<b@x.example>\r\n", s);
    EXPECT_NE(r.replies.find("250 2.0.0 Ok\r\n452 4.5.3 Too many recipients\r\n"), std::string::npos) << r.replies;
}

TEST(SubmissionSession, RelayDownIsATemporaryFailure)
{
    const Outcome r = run("MAIL FROM:<alice@example.com>\r\nRCPT TO:<a@x.example>\r\n", {}, false);
    EXPECT_EQ(r.replies, "235 2.7.0 Logged in.\r\n451 4.4.0 Failed to connect to relay server\r\n503 5.5.1 MAIL first\r\n");
}

TEST(SubmissionSession, AuthAndStarttlsAfterLoginAreRefused)
{
    const Outcome r = run("AUTH PLAIN AGEAYg==\r\nSTARTTLS\r\nVRFY alice\r\nBDAT 10 LAST\r\n");
    EXPECT_NE(r.replies.find("503 5.5.1 Already authenticated\r\n503 5.5.1 TLS is already active\r\n"
                             "252 2.3.3 Try RCPT instead\r\n500 5.5.2 Unknown command\r\n"),
              std::string::npos)
        << r.replies;
}

}  // namespace
}  // namespace roost::submission
