// The SMTP reply parser: single and multi-line replies, enhanced codes, byte-by-byte feeding,
// and the malformed replies that must make the connection unusable.
#include "smtp/client/smtp_reply.hpp"

#include <gtest/gtest.h>

namespace roost::smtp::client {
namespace {

std::vector<SmtpReply> parse_all(std::string_view bytes, bool byte_by_byte)
{
    ReplyParser p;
    std::vector<SmtpReply> out;
    const auto drain = [&] {
        while (auto r = p.next()) {
            EXPECT_TRUE(r->ok()) << r->error().message;
            if (!r->ok()) {
                return;
            }
            out.push_back(std::move(r->value()));
        }
    };
    if (byte_by_byte) {
        for (char c : bytes) {
            p.feed(std::string_view(&c, 1));
            drain();
        }
    } else {
        p.feed(bytes);
        drain();
    }
    return out;
}

class ReplyFeeding : public ::testing::TestWithParam<bool> {};

TEST_P(ReplyFeeding, SingleAndMultiLineReplies)
{
    const auto replies = parse_all("220 mx.example ESMTP Postfix\r\n"
                                   "250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 DSN\r\n"
                                   "250 2.1.5 Ok\r\n"
                                   "550-5.1.1 <x@example>: Recipient address rejected:\r\n550 5.1.1 User unknown\r\n",
                                   GetParam());
    ASSERT_EQ(replies.size(), 4u);
    EXPECT_EQ(replies[0].code, 220);
    EXPECT_EQ(replies[0].enhanced, "");
    EXPECT_EQ(replies[0].text(), "mx.example ESMTP Postfix");
    EXPECT_EQ(replies[1].lines.size(), 4u);
    EXPECT_EQ(replies[2].enhanced, "2.1.5");
    EXPECT_EQ(replies[2].lines, std::vector<std::string>{"Ok"});
    EXPECT_EQ(replies[3].code, 550);
    EXPECT_EQ(replies[3].enhanced, "5.1.1");
    EXPECT_EQ(replies[3].text(), "<x@example>: Recipient address rejected: User unknown");
    EXPECT_FALSE(replies[3].positive());
}

INSTANTIATE_TEST_SUITE_P(WholeAndByteByByte, ReplyFeeding, ::testing::Bool());

TEST(ReplyParser, BareCodeAndLfOnlyLineEnds)
{
    const auto replies = parse_all("354\n221 2.0.0\n", false);
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].code, 354);
    EXPECT_EQ(replies[1].enhanced, "2.0.0");
    EXPECT_EQ(replies[1].text(), "");
}

TEST(ReplyParser, EnhancedCodeOfAnotherClassIsText)
{
    const auto replies = parse_all("250 5.1.1 odd\r\n", false);
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].enhanced, "");
    EXPECT_EQ(replies[0].text(), "5.1.1 odd");
}

TEST(ReplyParser, NeedsMoreUntilTheLastLine)
{
    ReplyParser p;
    p.feed("250-first\r\n250-second\r\n");
    EXPECT_FALSE(p.next().has_value());
    p.feed("250 third\r\n");
    auto r = p.next();
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ((*r)->lines.size(), 3u);
}

TEST(ReplyParser, MalformedRepliesAreErrorsAndStay)
{
    for (const char* bad : {"hello\r\n", "25\r\n", "250x\r\n", "650 no\r\n", "250-a\r\n251 b\r\n"}) {
        ReplyParser p;
        p.feed(bad);
        auto r = p.next();
        ASSERT_TRUE(r.has_value()) << bad;
        EXPECT_FALSE(r->ok()) << bad;
        p.feed("250 fine\r\n");
        auto again = p.next();
        ASSERT_TRUE(again.has_value());
        EXPECT_FALSE(again->ok());
    }
}

TEST(ReplyParser, OverlongLineIsAnErrorWithoutItsEnd)
{
    ReplyParser p;
    p.feed("250 " + std::string(ReplyParser::kMaxLine + 10, 'a'));
    auto r = p.next();
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->ok());
}

TEST(EhloCapabilities, KeywordsAndParameters)
{
    SmtpReply reply{250, "", {"mx.example Hello", "PIPELINING", "size 10240000", "AUTH PLAIN login", "STARTTLS", "DSN"}};
    const EhloCapabilities caps = parse_ehlo(reply);
    EXPECT_EQ(caps.domain, "mx.example");
    EXPECT_TRUE(caps.has("PIPELINING"));
    EXPECT_TRUE(caps.has("STARTTLS"));
    EXPECT_FALSE(caps.has("CHUNKING"));
    EXPECT_EQ(caps.size(), std::optional<std::size_t>(10240000));
    EXPECT_EQ(caps.auth_mechanisms(), (std::vector<std::string>{"PLAIN", "LOGIN"}));
    EXPECT_EQ(parse_ehlo(SmtpReply{250, "", {"x", "SIZE"}}).size(), std::optional<std::size_t>(0));
    EXPECT_EQ(parse_ehlo(SmtpReply{250, "", {"x"}}).size(), std::nullopt);
}

}  // namespace
}  // namespace roost::smtp::client
