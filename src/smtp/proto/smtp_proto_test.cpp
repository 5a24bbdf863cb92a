#include <gtest/gtest.h>

#include "smtp/proto/data_reader.hpp"
#include "smtp/proto/reply.hpp"
#include "smtp/proto/smtp_command.hpp"

namespace roost::smtp::proto {
namespace {

TEST(SmtpCommand, MailAndRcptWithParameters)
{
    auto mail = parse_command("MAIL FROM:<bob@example.org> SIZE=1234 BODY=8BITMIME");
    ASSERT_TRUE(mail.ok()) << mail.error().message;
    EXPECT_EQ(mail->verb, "MAIL");
    EXPECT_EQ(mail->address, "bob@example.org");
    ASSERT_EQ(mail->params.size(), 2u);
    EXPECT_EQ(mail->params[0], std::make_pair(std::string("SIZE"), std::string("1234")));
    auto bounce = parse_command("mail from:<>");
    ASSERT_TRUE(bounce.ok());
    EXPECT_EQ(bounce->address, "");
    auto rcpt = parse_command("RCPT TO:<@relay.example:alice+lists@example.com> ORCPT=rfc822;alice+2Blists@example.com");
    ASSERT_TRUE(rcpt.ok());
    EXPECT_EQ(rcpt->address, "alice+lists@example.com");
    EXPECT_EQ(decode_xtext(rcpt->params[0].second), "rfc822;alice+lists@example.com");
    auto quoted = parse_command("RCPT TO:<\"a >b\"@example.com>");
    ASSERT_TRUE(quoted.ok());
    EXPECT_EQ(quoted->address, "\"a >b\"@example.com");
    EXPECT_TRUE(parse_command("MAIL FROM: <space@example.org>").ok());
    auto lhlo = parse_command("LHLO mx.example.com");
    EXPECT_EQ(lhlo->verb, "LHLO");
    EXPECT_EQ(lhlo->argument, "mx.example.com");
}

TEST(SmtpCommand, Errors)
{
    for (const char* bad : {"", "MAIL", "MAIL TO:<a@b>", "RCPT TO:<>", "RCPT TO:a@b", "MAIL FROM:<a@b", "MAIL FROM:<a@b>X",
                            "DA7A", "RCPT TO:<a\x01@b>"}) {
        EXPECT_FALSE(parse_command(bad).ok()) << bad;
    }
}

std::string read_all(std::string_view input, std::size_t chunk, std::size_t* used = nullptr, bool* large = nullptr)
{
    DataReader r(100);
    std::size_t consumed = 0;
    while (!r.done() && consumed < input.size()) {
        consumed += r.feed(input.substr(consumed, chunk));
    }
    if (used) *used = consumed;
    if (large) *large = r.too_large();
    EXPECT_TRUE(r.done());
    return r.message();
}

TEST(DataReader, UnstuffsDotsAndStopsAtTheEnd)
{
    const std::string in = "Subject: x\r\n\r\n..leading dot\r\n.\r\nnot the end\r\nlast\r\n.\r\nQUIT\r\n";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, in.size()}) {
        std::size_t used = 0;
        EXPECT_EQ(read_all(in, chunk, &used), "Subject: x\n\n.leading dot\n");
        EXPECT_EQ(in.substr(used), "not the end\r\nlast\r\n.\r\nQUIT\r\n");
    }
    EXPECT_EQ(read_all(".\r\n", 1), "");
    EXPECT_EQ(read_all("a\rb\r\n.x\r\n.\r\n", 1), "a\rb\nx\n");
}

TEST(DataReader, TooLargeIsReadToTheEndAndDropped)
{
    bool large = false;
    std::size_t used = 0;
    const std::string in = std::string(300, 'x') + "\r\n.\r\nNOOP\r\n";
    EXPECT_EQ(read_all(in, 7, &used, &large), "");
    EXPECT_TRUE(large);
    EXPECT_EQ(in.substr(used), "NOOP\r\n");
}

TEST(Reply, Lines)
{
    EXPECT_EQ(reply(250, "2.1.5", "OK"), "250 2.1.5 OK\r\n");
    EXPECT_EQ(reply(451, "4.3.0", "a\nb"), "451 4.3.0 a b\r\n");
    EXPECT_EQ(multiline_reply(250, {"mx", "PIPELINING"}), "250-mx\r\n250 PIPELINING\r\n");
}

}  // namespace
}  // namespace roost::smtp::proto
