#include "config/config_lexer.hpp"

#include <gtest/gtest.h>

namespace roost::config {
namespace {

using Kind = ConfigLine::Kind;

TEST(ConfigLexer, AssignmentsWithAndWithoutSpaces)
{
    const auto lines = lex_config("a = b\nkey=value\n  spaced   =   x y  \nempty =\n");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].kind, Kind::Assign);
    EXPECT_EQ(lines[0].key, "a");
    EXPECT_EQ(lines[0].value, "b");
    EXPECT_EQ(lines[1].value, "value");
    EXPECT_EQ(lines[2].key, "spaced");
    EXPECT_EQ(lines[2].value, "x y");
    EXPECT_EQ(lines[3].value, "");
    EXPECT_EQ(lines[3].line, 4);
}

TEST(ConfigLexer, CommentsAndBlankLinesAreSkipped)
{
    const auto lines = lex_config("# comment\n\n   \t\n  # indented\nk = v # trailing\n");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].value, "v");
    EXPECT_EQ(lines[0].line, 5);
    EXPECT_TRUE(lines[0].warning.empty());
}

TEST(ConfigLexer, GluedHashIsACommentWithAWarning)
{
    const auto lines = lex_config("login_greeting = Hello#world\n");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].value, "Hello");
    EXPECT_NE(lines[0].warning.find("Ambiguous '#'"), std::string::npos);
}

TEST(ConfigLexer, QuotesKeepHashesSpacesAndUnescape)
{
    const auto lines = lex_config(R"(a = "x # not a comment  "
b = 'single "q"'
c = "esc \"q\" \\ back"
d = "unterminated # kept
)");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].value, "x # not a comment  ");
    EXPECT_TRUE(lines[0].quoted);
    EXPECT_EQ(lines[1].value, "single \"q\"");
    EXPECT_EQ(lines[2].value, "esc \"q\" \\ back");
    EXPECT_EQ(lines[3].value, "\"unterminated # kept");
    EXPECT_FALSE(lines[3].quoted);
}

TEST(ConfigLexer, ContinuationJoinsWithOneSpace)
{
    // The same joining doveconf shows: trailing and leading blanks collapse to one space.
    const auto lines = lex_config("mail_location = maildir:~/Maildir\\\n:LAYOUT=fs\n"
                                  "login_greeting = a\\\n    b   \\\n  c\nnext = 1\n");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].value, "maildir:~/Maildir :LAYOUT=fs");
    EXPECT_EQ(lines[1].value, "a b c");
    EXPECT_EQ(lines[1].line, 3);
    EXPECT_EQ(lines[2].line, 6);
}

TEST(ConfigLexer, CrLfLineEndsAreAccepted)
{
    const auto lines = lex_config("a = b\r\nsection {\r\n}\r\n");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].value, "b");
    EXPECT_EQ(lines[1].kind, Kind::SectionBegin);
    EXPECT_EQ(lines[2].kind, Kind::SectionEnd);
}

TEST(ConfigLexer, FileValues)
{
    const auto lines = lex_config("ssl_cert = </etc/roost/cert.pem\nssl_key = < \"key file.pem\"\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].kind, Kind::AssignFile);
    EXPECT_EQ(lines[0].value, "/etc/roost/cert.pem");
    EXPECT_EQ(lines[1].value, "key file.pem");
    const auto bad = lex_config("ssl_cert = <\n");
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].kind, Kind::Error);
}

TEST(ConfigLexer, Sections)
{
    const auto lines = lex_config("plugin {\n}\nservice imap-login{\n}\nmailbox \"Sent Messages\" {\n}\n"
                                  "protocol !indexer-worker {\n}\n");
    ASSERT_EQ(lines.size(), 8u);
    EXPECT_EQ(lines[0].kind, Kind::SectionBegin);
    EXPECT_EQ(lines[0].key, "plugin");
    EXPECT_EQ(lines[0].value, "");
    EXPECT_EQ(lines[2].key, "service");
    EXPECT_EQ(lines[2].value, "imap-login");
    EXPECT_EQ(lines[4].value, "Sent Messages");
    EXPECT_TRUE(lines[4].quoted);
    EXPECT_EQ(lines[6].value, "!indexer-worker");
}

TEST(ConfigLexer, SectionErrorsAreReportedWithTheirLine)
{
    const auto lines = lex_config("\nplugin { sieve = x }\nservice imap extra {\nservice\n");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].kind, Kind::Error);
    EXPECT_EQ(lines[0].line, 2);
    EXPECT_NE(lines[0].value.find("Garbage after '{'"), std::string::npos);
    EXPECT_EQ(lines[1].kind, Kind::Error);
    EXPECT_EQ(lines[2].kind, Kind::Error);
    EXPECT_NE(lines[2].value.find("Expecting '='"), std::string::npos);
}

TEST(ConfigLexer, Includes)
{
    const auto lines = lex_config("!include conf.d/*.conf\n!include_try \"local file.conf\"\n!include\n!inclde x\n");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].kind, Kind::Include);
    EXPECT_EQ(lines[0].value, "conf.d/*.conf");
    EXPECT_EQ(lines[1].kind, Kind::IncludeTry);
    EXPECT_EQ(lines[1].value, "local file.conf");
    EXPECT_EQ(lines[2].kind, Kind::Error);
    EXPECT_EQ(lines[3].kind, Kind::Error);
    EXPECT_NE(lines[3].value.find("!inclde"), std::string::npos);
}

TEST(ConfigLexer, StrayTokensAreErrors)
{
    for (const char* text : {"= value\n", "}}\n", "{\n"}) {
        const auto lines = lex_config(text);
        ASSERT_EQ(lines.size(), 1u) << text;
        EXPECT_EQ(lines[0].kind, Kind::Error) << text;
    }
}

TEST(ConfigLexer, ContinuationAtEndOfFileStillYieldsTheLine)
{
    const auto lines = lex_config("a = b \\");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].value, "b");
}

}  // namespace
}  // namespace roost::config
