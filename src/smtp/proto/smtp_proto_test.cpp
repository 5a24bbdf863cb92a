#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtp/proto/chunk_reader.hpp"
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
    EXPECT_EQ(read_all(".\r\r\n.\rx\r\n.\r\n", 1), "\r\n\rx\n");  // bare CRs after a stuffed dot
    // Long lines go through the bulk copy; the result is the same whatever the chunking.
    const std::string line(5000, 'y');
    const std::string big = "a" + line + "\r\n." + line + "\rz\n" + line + "\r\n.\r\n";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{999}, big.size()}) {
        DataReader r(1 << 20);
        std::size_t used = 0;
        while (!r.done() && used < big.size()) {
            used += r.feed(std::string_view(big).substr(used, chunk));
        }
        EXPECT_EQ(r.message(), "a" + line + "\n" + line + "\rz\n" + line + "\n");
        EXPECT_EQ(used, big.size());
    }
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

TEST(BdatArgs, SizeAndLast)
{
    auto a = parse_bdat_args("1000");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->size, 1000u);
    EXPECT_FALSE(a->last);
    auto b = parse_bdat_args("0 last");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->size, 0u);
    EXPECT_TRUE(b->last);
    EXPECT_TRUE(parse_bdat_args("18446744073709551615 LAST").ok());
    for (const char* bad : {"", "LAST", "-1", "+1", "1x", "1 LAST x", "1 FIRST", "18446744073709551616", "0x10"}) {
        EXPECT_FALSE(parse_bdat_args(bad).ok()) << bad;
    }
}

// Feeds "BDAT"-framed chunks the way a session does: each chunk's bytes `piece` at a time,
// followed by the next command, which the reader must leave alone.
std::string read_chunks(const std::vector<std::string>& chunks, std::size_t piece, std::size_t max = 100,
                        bool* large = nullptr)
{
    ChunkReader r(max);
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        r.begin_chunk({chunks[c].size(), c + 1 == chunks.size()});
        const std::string wire = chunks[c] + "BDAT 1\r\n";
        std::size_t used = 0;
        while (!r.chunk_done()) {
            const std::size_t n = r.feed(std::string_view(wire).substr(used, piece));
            EXPECT_GT(n, 0u);
            used += n;
        }
        EXPECT_EQ(used, chunks[c].size());
        EXPECT_EQ(r.done(), c + 1 == chunks.size());
    }
    if (large) *large = r.too_large();
    return r.message();
}

TEST(ChunkReader, JoinsChunksWithoutUnstuffing)
{
    for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{1000}}) {
        EXPECT_EQ(read_chunks({"Subject: x\r\n\r\n..dot\r", "\n.\r\n", "last\r\n"}, piece),
                  "Subject: x\n\n..dot\n.\nlast\n");
        EXPECT_EQ(read_chunks({"a\rb\r", "c\r"}, piece), "a\rb\rc\r");  // bare CRs stay
        EXPECT_EQ(read_chunks({"a\r", "", "\nb"}, piece), "a\nb");     // an empty chunk between CR and LF
        EXPECT_EQ(read_chunks({"x\r\r\n"}, piece), "x\r\n");
    }
    EXPECT_EQ(read_chunks({""}, 1), "");  // BDAT 0 LAST alone
    ChunkReader r(100);
    r.begin_chunk({3, false});
    EXPECT_EQ(r.feed("abcdef"), 3u);
    EXPECT_TRUE(r.chunk_done());
    EXPECT_FALSE(r.done());
    r.begin_chunk({0, true});
    EXPECT_TRUE(r.done());
    EXPECT_EQ(r.received(), 3u);
    EXPECT_EQ(r.message(), "abc");
}

TEST(ChunkReader, TooLargeIsReadToTheEndAndDropped)
{
    bool large = false;
    EXPECT_EQ(read_chunks({std::string(60, 'x'), std::string(60, 'y')}, 7, 100, &large), "");
    EXPECT_TRUE(large);
    // The limit counts stored bytes: 50 lines of "a\r\n" are 150 bytes sent, 100 stored.
    std::string lines;
    for (int i = 0; i < 50; ++i) lines += "a\r\n";
    EXPECT_EQ(read_chunks({lines}, 13, 100, &large).size(), 100u);
    EXPECT_FALSE(large);
}

TEST(Reply, Lines)
{
    EXPECT_EQ(reply(250, "2.1.5", "OK"), "250 2.1.5 OK\r\n");
    EXPECT_EQ(reply(451, "4.3.0", "a\nb"), "451 4.3.0 a b\r\n");
    EXPECT_EQ(multiline_reply(250, {"mx", "PIPELINING"}), "250-mx\r\n250 PIPELINING\r\n");
}

}  // namespace
}  // namespace roost::smtp::proto
