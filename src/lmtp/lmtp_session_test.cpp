#include "lmtp/lmtp_session.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace roost::lmtp {
namespace {

struct Delivered {
    std::string user;
    lda::DeliveryRequest request;
    std::string message;
};

// Runs a session on one end of a socket pair with a fake userdb and delivery, sends `input`
// on the other end and returns everything the server wrote until it closed.
std::string converse(const std::string& input, std::vector<Delivered>& delivered, LmtpSettings settings = {})
{
    int sv[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    LmtpHost host;
    host.lookup = [](const std::string& user) {
        lda::UserLookup u;
        u.status = user == "alice@example.com" || user == "bob@example.com" ? lda::UserLookup::Status::Found
                   : user == "broken@example.com"                          ? lda::UserLookup::Status::TempFail
                                                                           : lda::UserLookup::Status::NoUser;
        u.user.name = user;
        return u;
    };
    host.deliver = [&](const lda::UserLookup& u, const lda::DeliveryRequest& req, const std::string& message) {
        delivered.push_back({u.user.name, req, message});
        if (u.user.name == "bob@example.com") {
            return lda::DeliveryResult{lda::DeliveryResult::Status::Refused, "5.2.2", "Quota exceeded"};
        }
        return lda::DeliveryResult{lda::DeliveryResult::Status::Delivered, "2.0.0", "Saved"};
    };
    host.check_quota = [](const lda::UserLookup& u, const std::string&, std::uint64_t size) {
        if (u.user.name == "bob@example.com") {
            return lda::DeliveryResult{lda::DeliveryResult::Status::TempFail, "4.2.2", "Quota exceeded"};
        }
        if (size > 1000) {
            return lda::DeliveryResult{lda::DeliveryResult::Status::Refused, "5.2.2", "Quota exceeded"};
        }
        return lda::DeliveryResult{lda::DeliveryResult::Status::Delivered, "2.1.5", "OK"};
    };
    settings.hostname = "mx.example.com";
    std::thread server([&] {
        run_lmtp_session(sv[0], settings, host);
        ::close(sv[0]);
    });
    EXPECT_EQ(::write(sv[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
    ::shutdown(sv[1], SHUT_WR);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(sv[1], buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    server.join();
    ::close(sv[1]);
    return out;
}

TEST(LmtpSession, OneReplyPerRecipientAfterData)
{
    std::vector<Delivered> d;
    const std::string out = converse(
        "LHLO postfix.example.com\r\n"
        "MAIL FROM:<sender@example.org> BODY=8BITMIME\r\n"
        "RCPT TO:<alice+lists@example.com> ORCPT=rfc822;alice+2Blists@example.com\r\n"
        "RCPT TO:<nobody@example.com>\r\n"
        "RCPT TO:<broken@example.com>\r\n"
        "RCPT TO:<bob@example.com>\r\n"
        "DATA\r\n"
        "Subject: hi\r\n\r\n..dot\r\n.\r\n"
        "QUIT\r\n",
        d);
    EXPECT_NE(out.find("220 mx.example.com"), std::string::npos);
    EXPECT_NE(out.find("250-mx.example.com\r\n250-8BITMIME\r\n250-CHUNKING\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n"), std::string::npos);
    EXPECT_NE(out.find("250 2.1.0 OK"), std::string::npos);
    EXPECT_NE(out.find("550 5.1.1 <nobody@example.com>"), std::string::npos);
    EXPECT_NE(out.find("451 4.3.0 <broken@example.com>"), std::string::npos);
    EXPECT_NE(out.find("354 OK"), std::string::npos);
    const auto saved = out.find("250 2.0.0 <alice+lists@example.com> Saved");
    const auto refused = out.find("552 5.2.2 <bob@example.com> Quota exceeded");
    ASSERT_NE(saved, std::string::npos);
    ASSERT_NE(refused, std::string::npos);
    EXPECT_LT(saved, refused);  // in RCPT order
    EXPECT_NE(out.find("221 2.0.0"), std::string::npos);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].user, "alice@example.com");
    EXPECT_EQ(d[0].request.sender, "sender@example.org");
    EXPECT_EQ(d[0].request.final_recipient, "alice+lists@example.com");
    EXPECT_EQ(d[0].request.original_recipient, "alice+lists@example.com");
    EXPECT_TRUE(d[0].request.refuse_over_quota);
    EXPECT_TRUE(d[0].message.starts_with("Received: from postfix.example.com\n\tby mx.example.com (Roost) with LMTP"));
    EXPECT_TRUE(d[0].message.ends_with("Subject: hi\n\n.dot\n"));
}

TEST(LmtpSession, OrderAndSyntaxErrorsKeepTheSession)
{
    std::vector<Delivered> d;
    const std::string out = converse(
        "MAIL FROM:<a@b>\r\nHELO x\r\nLHLO x\r\nRCPT TO:<alice@example.com>\r\nDATA\r\nMAIL FROM:a@b\r\n"
        "MAIL FROM:<a@b>\r\nMAIL FROM:<a@b>\r\nVRFY alice\r\nRSET\r\nDATA\r\nFROB\r\nNOOP\r\nQUIT\r\n",
        d);
    const char* expected[] = {"503 5.5.1 LHLO first", "500 5.5.1", "503 5.5.1 MAIL first", "503 5.5.1 MAIL first",
                              "501 5.5.4", "250 2.1.0", "503 5.5.1 MAIL already given", "502 5.5.1",
                              "250 2.0.0 OK", "503 5.5.1 MAIL first", "500 5.5.2", "250 2.0.0 OK", "221"};
    std::size_t pos = 0;
    for (const char* e : expected) {
        const auto at = out.find(e, pos);
        ASSERT_NE(at, std::string::npos) << e << " after " << pos << " in\n" << out;
        pos = at;
    }
    EXPECT_TRUE(d.empty());
}

TEST(LmtpSession, DetailMailboxAndTooLarge)
{
    std::vector<Delivered> d;
    LmtpSettings s;
    s.save_to_detail_mailbox = true;
    s.add_received_header = false;
    s.max_message_size = 20;
    const std::string out = converse(
        "LHLO x\r\nMAIL FROM:<>\r\nRCPT TO:<alice+work@example.com>\r\nDATA\r\nshort\r\n.\r\n"
        "MAIL FROM:<>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n" + std::string(50, 'x') + "\r\n.\r\nQUIT\r\n",
        d, s);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].request.mailbox, "work");
    EXPECT_EQ(d[0].request.sender, "");
    EXPECT_EQ(d[0].message, "short\n");
    EXPECT_NE(out.find("552 5.3.4 <alice@example.com> Message too large"), std::string::npos);
}

TEST(LmtpSession, BdatChunksThenOneReplyPerRecipient)
{
    std::vector<Delivered> d;
    LmtpSettings s;
    s.add_received_header = false;
    // Pipelined as a client may: chunks whose bytes look like commands, a CR LF split across
    // chunks, and a dot line that BDAT must not unstuff.
    const std::string out = converse(
        "LHLO x\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\n"
        "BDAT 23\r\nSubject: a\r\n\r\nQUIT\r\n..\r"
        "BDAT 7 LAST\r\n\nRSET\r\n"
        "NOOP\r\nQUIT\r\n",
        d, s);
    const char* expected[] = {"250 2.1.5", "250 2.1.5", "250 2.0.0 23 octets received",
                              "250 2.0.0 <alice@example.com> Saved", "552 5.2.2 <bob@example.com>", "250 2.0.0 OK",
                              "221"};
    std::size_t pos = 0;
    for (const char* e : expected) {
        const auto at = out.find(e, pos);
        ASSERT_NE(at, std::string::npos) << e << " after " << pos << " in\n" << out;
        pos = at;
    }
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].message, "Subject: a\n\nQUIT\n..\nRSET\n");
    EXPECT_EQ(d[1].message, d[0].message);
}

TEST(LmtpSession, BdatErrorsStayInStep)
{
    std::vector<Delivered> d;
    const std::string out = converse(
        "LHLO x\r\nBDAT 6\r\nNOOP\r\n"             // no transaction: refused, its bytes skipped
        "MAIL FROM:<>\r\nRCPT TO:<nobody@example.com>\r\nBDAT 4 LAST\r\nabcd"  // no valid recipient
        "RCPT TO:<alice@example.com>\r\nBDAT 3\r\nabcDATA\r\n"   // DATA in a BDAT transaction
        "RSET\r\nBDAT x\r\nNOOP\r\n",                 // no size: the session ends
        d);
    const char* expected[] = {"503 5.5.1 MAIL first", "250 2.1.0", "550 5.1.1", "503 5.5.1 No valid recipients",
                              "250 2.1.5", "250 2.0.0 3 octets", "503 5.5.1 DATA after BDAT", "250 2.0.0 OK",
                              "501 5.5.4"};
    std::size_t pos = 0;
    for (const char* e : expected) {
        const auto at = out.find(e, pos);
        ASSERT_NE(at, std::string::npos) << e << " after " << pos << " in\n" << out;
        pos = at;
    }
    EXPECT_EQ(out.find("500"), std::string::npos) << out;  // no chunk byte was taken for a command
    EXPECT_EQ(out.find("221"), std::string::npos);        // the session ended at BDAT x
    EXPECT_TRUE(d.empty());
}

TEST(LmtpSession, QuotaCheckedAtRcptWhenConfigured)
{
    const std::string input =
        "LHLO x\r\nMAIL FROM:<s@example.org> SIZE=500\r\nRCPT TO:<bob@example.com>\r\nRCPT TO:<alice@example.com>\r\n"
        "RSET\r\nMAIL FROM:<s@example.org> SIZE=5000\r\nRCPT TO:<alice@example.com>\r\nQUIT\r\n";
    std::vector<Delivered> d;
    LmtpSettings s;
    s.rcpt_check_quota = true;
    const std::string out = converse(input, d, s);
    const char* expected[] = {"452 4.2.2 <bob@example.com> Quota exceeded", "250 2.1.5 OK", "250 2.0.0 OK",
                              "552 5.2.2 <alice@example.com> Quota exceeded", "221"};
    std::size_t pos = 0;
    for (const char* e : expected) {
        const auto at = out.find(e, pos);
        ASSERT_NE(at, std::string::npos) << e << " after " << pos << " in\n" << out;
        pos = at;
    }
    // Off (the default), RCPT does not ask.
    const std::string unchecked = converse(input, d);
    EXPECT_EQ(unchecked.find("452"), std::string::npos) << unchecked;
    EXPECT_EQ(unchecked.find("552"), std::string::npos) << unchecked;
}

TEST(LmtpSession, SplitDetail)
{
    EXPECT_EQ(split_detail("alice+lists@example.com", "+"), std::make_pair(std::string("alice@example.com"), std::string("lists")));
    EXPECT_EQ(split_detail("alice-x+y@e", "+-"), std::make_pair(std::string("alice@e"), std::string("x+y")));
    EXPECT_EQ(split_detail("alice@example.com", "+"), std::make_pair(std::string("alice@example.com"), std::string()));
    EXPECT_EQ(split_detail("bare+d", "+"), std::make_pair(std::string("bare"), std::string("d")));
}

}  // namespace
}  // namespace roost::lmtp
