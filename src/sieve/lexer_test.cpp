// Lexer tests: token kinds, numbers, both string forms, comments, positions and errors.
#include "sieve/lexer.hpp"

#include <gtest/gtest.h>

namespace roost::sieve {
namespace {

std::vector<Token> lex(std::string_view s, Diagnostics* diags = nullptr)
{
    Diagnostics local;
    return tokenize(s, diags != nullptr ? *diags : local);
}

TEST(SieveLexer, KindsAndPositions)
{
    const auto t = lex("if header :is \"a\" [\"b\",\"c\"] {\n  keep;\n}");
    ASSERT_EQ(t.size(), 14u);
    EXPECT_EQ(t[0].kind, TokenKind::Identifier);
    EXPECT_EQ(t[0].text, "if");
    EXPECT_EQ(t[2].kind, TokenKind::Tag);
    EXPECT_EQ(t[2].text, "is");
    EXPECT_EQ(t[2].pos, (Position{1, 11}));
    EXPECT_EQ(t[3].kind, TokenKind::String);
    EXPECT_EQ(t[4].kind, TokenKind::LeftBracket);
    EXPECT_EQ(t[10].text, "keep");
    EXPECT_EQ(t[10].pos, (Position{2, 3}));
    EXPECT_EQ(t[12].kind, TokenKind::RightBrace);
    EXPECT_EQ(t[12].pos, (Position{3, 1}));
    EXPECT_EQ(t.back().kind, TokenKind::End);
}

TEST(SieveLexer, NumbersWithQuantifiers)
{
    const auto t = lex("1 10K 2m 3G 0");
    EXPECT_EQ(t[0].number, 1u);
    EXPECT_EQ(t[1].number, 10u * 1024);
    EXPECT_EQ(t[2].number, 2u * 1024 * 1024);
    EXPECT_EQ(t[3].number, 3ull * 1024 * 1024 * 1024);
    EXPECT_EQ(t[4].number, 0u);
}

TEST(SieveLexer, NumberOverflowIsAnError)
{
    Diagnostics d;
    lex("99999999999999999999999", &d);
    EXPECT_TRUE(d.has_errors());
    Diagnostics d2;
    lex("9999999999999G", &d2);
    EXPECT_TRUE(d2.has_errors());
}

TEST(SieveLexer, QuotedStringEscapes)
{
    const auto t = lex(R"("a\"b\\c\d" "")");
    EXPECT_EQ(t[0].text, "a\"b\\cd");
    EXPECT_EQ(t[1].text, "");
}

TEST(SieveLexer, QuotedStringMayHoldLineEnds)
{
    const auto t = lex("\"line1\r\nline2\" x");
    EXPECT_EQ(t[0].text, "line1\r\nline2");
    EXPECT_EQ(t[1].pos, (Position{2, 8}));
}

TEST(SieveLexer, MultiLineStringWithDotStuffing)
{
    const auto t = lex("text: # comment\r\nline one\r\n..dot\r\n.\r\n;");
    ASSERT_EQ(t[0].kind, TokenKind::String);
    EXPECT_TRUE(t[0].multiline);
    EXPECT_EQ(t[0].text, "line one\r\n.dot\r\n");
    EXPECT_EQ(t[1].kind, TokenKind::Semicolon);
    EXPECT_EQ(t[1].pos.line, 5u);
}

TEST(SieveLexer, MultiLineStringWithBareLineFeeds)
{
    const auto t = lex("text:\nhello\n.\n");
    EXPECT_EQ(t[0].text, "hello\n");
}

TEST(SieveLexer, Comments)
{
    const auto t = lex("# hash\nkeep /* bracket\n comment */ ;");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0].text, "keep");
    EXPECT_EQ(t[1].pos, (Position{3, 13}));
}

TEST(SieveLexer, ErrorsCarryPositions)
{
    Diagnostics d;
    lex("keep;\n  \"unterminated", &d);
    ASSERT_EQ(d.list().size(), 1u);
    EXPECT_EQ(d.list()[0].pos, (Position{2, 3}));
    Diagnostics d2;
    lex("keep; /* open", &d2);
    EXPECT_EQ(d2.list().at(0).pos, (Position{1, 7}));
    Diagnostics d3;
    lex("keep @;", &d3);
    EXPECT_EQ(d3.list().at(0).pos, (Position{1, 6}));
    Diagnostics d4;
    lex("text:\nno end", &d4);
    EXPECT_TRUE(d4.has_errors());
}

TEST(SieveLexer, TextColonOnlyAsMultiLineOpener)
{
    const auto t = lex("texts : x");
    EXPECT_EQ(t[0].kind, TokenKind::Identifier);
    EXPECT_EQ(t[0].text, "texts");
}

}  // namespace
}  // namespace roost::sieve
