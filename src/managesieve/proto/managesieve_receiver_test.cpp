#include "managesieve/proto/managesieve_receiver.hpp"

#include <gtest/gtest.h>

#include "managesieve/proto/response.hpp"

namespace roost::managesieve::proto {
namespace {

// Feeds `input` whole and byte by byte; both must give the same events.
std::vector<ReceiverEvent> events(std::string_view input, ReceiverLimits limits = {})
{
    std::vector<ReceiverEvent> whole;
    Receiver a(limits);
    a.feed(input);
    while (auto e = a.next()) {
        whole.push_back(std::move(*e));
    }
    std::vector<ReceiverEvent> bytewise;
    Receiver b(limits);
    for (char c : input) {
        b.feed(std::string_view(&c, 1));
        while (auto e = b.next()) {
            bytewise.push_back(std::move(*e));
        }
    }
    EXPECT_EQ(whole.size(), bytewise.size()) << input;
    for (std::size_t i = 0; i < std::min(whole.size(), bytewise.size()); ++i) {
        EXPECT_EQ(whole[i].index(), bytewise[i].index());
        if (const auto* l = std::get_if<Line>(&whole[i])) {
            const auto& r = std::get<Line>(bytewise[i]);
            EXPECT_EQ(l->words.size(), r.words.size());
            for (std::size_t w = 0; w < std::min(l->words.size(), r.words.size()); ++w) {
                EXPECT_EQ(l->words[w].value, r.words[w].value);
            }
        }
    }
    return whole;
}

const Line& line(const ReceiverEvent& e)
{
    static const Line empty;
    const auto* l = std::get_if<Line>(&e);
    EXPECT_NE(l, nullptr) << (std::holds_alternative<ParseError>(e) ? std::get<ParseError>(e).text : "");
    return l ? *l : empty;
}

TEST(ManageSieveReceiver, CommandsWithQuotedStringsNumbersAndLiterals)
{
    const std::string input = std::string("CAPABILITY\r\n"
                                          "HAVESPACE \"my script\" 1024\r\n"
                                          "PUTSCRIPT \"a\\\"b\" {12+}\r\nkeep;\r\nstop;\r\n"
                                          "AUTHENTICATE \"PLAIN\" {4}\r\nab") +
                              std::string(1, '\0') + "c\r\nlogout\n";
    const auto ev = events(input);
    ASSERT_EQ(ev.size(), 5u);
    EXPECT_EQ(line(ev[0]).words[0].value, "CAPABILITY");
    const Line& have = line(ev[1]);
    ASSERT_EQ(have.words.size(), 3u);
    EXPECT_EQ(have.words[1].value, "my script");
    EXPECT_TRUE(have.words[1].is_string());
    EXPECT_EQ(have.words[2].kind, Word::Kind::Number);
    const Line& put = line(ev[2]);
    EXPECT_EQ(put.words[1].value, "a\"b");
    EXPECT_EQ(put.words[2].value, "keep;\r\nstop;");
    EXPECT_EQ(line(ev[3]).words[2].value, std::string("ab\0c", 4));
    EXPECT_EQ(line(ev[4]).words[0].value, "logout");
}

TEST(ManageSieveReceiver, ErrorsSkipTheLineAndTheSessionGoesOn)
{
    const auto ev = events(
        "BAD \"unterminated\r\n"
        "NOOP\r\n"
        "X \"bad\\q\" more\r\n"
        "GETSCRIPT  \"double space\"\r\n"
        "\r\n"
        "PUTSCRIPT \"x\" {3+} trailing\r\n"
        "NOOP\r\n");
    ASSERT_EQ(ev.size(), 7u);
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[0]));
    EXPECT_EQ(line(ev[1]).words[0].value, "NOOP");
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[2]));
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[3]));
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[4]));
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[5]));
    EXPECT_EQ(line(ev[6]).words[0].value, "NOOP");
}

TEST(ManageSieveReceiver, ErrorAtTheStartOfALineMakesProgress)
{
    // Found by the fuzzer: an error right after a complete line looped for ever.
    const auto ev = events("NOOP\r\n)\r\n{abc}\r\nX {12345678901234567890123}\r\nNOOP\r\n");
    ASSERT_EQ(ev.size(), 5u);
    EXPECT_EQ(line(ev[0]).words[0].value, "NOOP");
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[1]));
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[2]));
    EXPECT_TRUE(std::holds_alternative<ParseError>(ev[3]));
    EXPECT_EQ(line(ev[4]).words[0].value, "NOOP");
}

TEST(ManageSieveReceiver, TooLargeLiteralIsSkippedWhole)
{
    ReceiverLimits limits;
    limits.max_literal = 8;
    const auto ev = events("PUTSCRIPT \"x\" {20+}\r\nNOOP\r\nNOOP\r\nNOOPNOOP\r\nNOOP\r\n", limits);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(std::get<ParseError>(ev[0]).text, "Literal too large");
    EXPECT_EQ(line(ev[1]).words[0].value, "NOOP");
}

TEST(ManageSieveReceiver, LongLinesAreRefused)
{
    ReceiverLimits limits;
    limits.max_line = 32;
    const auto ev = events("NOOP \"" + std::string(100, 'x') + "\"\r\nNOOP\r\n", limits);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(std::get<ParseError>(ev[0]).text, "Line too long");
    EXPECT_EQ(line(ev[1]).words[0].value, "NOOP");
}

TEST(ManageSieveReceiver, UnparsedBytesAreHandedOver)
{
    Receiver r;
    r.feed("AUTHENTICATE \"PLAIN\" \"AGEAYg==\"\r\nLISTSCRIPTS\r\n");
    ASSERT_TRUE(r.next().has_value());
    EXPECT_EQ(r.buffered(), 13u);
    EXPECT_EQ(r.take_unparsed(), "LISTSCRIPTS\r\n");
    EXPECT_FALSE(r.next().has_value());
}

TEST(ManageSieveResponse, QuotedOrLiteral)
{
    EXPECT_EQ(sieve_string("plain"), "\"plain\"");
    EXPECT_EQ(sieve_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(sieve_string("line1\r\nline2"), "{12}\r\nline1\r\nline2");
    EXPECT_EQ(response("NO", "QUOTA/MAXSIZE", "Too big."), "NO (QUOTA/MAXSIZE) \"Too big.\"\r\n");
    EXPECT_EQ(response("OK", "", ""), "OK\r\n");
}

}  // namespace
}  // namespace roost::managesieve::proto
