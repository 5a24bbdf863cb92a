// Tests of the IMAP string writers: quoted, literal, NIL and the "for humans" form.
#include "mail/imap/imap_string.hpp"

#include <gtest/gtest.h>

namespace roost::mail::imap {
namespace {

std::string str(std::string_view s)
{
    std::string out;
    append_string(out, s);
    return out;
}

std::string humans(std::string_view s)
{
    std::string out;
    append_string_for_humans(out, s);
    return out;
}

std::string nolf(std::string_view s)
{
    std::string out;
    append_nstring_nolf(out, std::string(s));
    return out;
}

TEST(ImapString, QuotedOrLiteral)
{
    EXPECT_EQ(str("plain"), "\"plain\"");
    EXPECT_EQ(str("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(str("caf\xc3\xa9"), "{5}\r\ncaf\xc3\xa9");
    EXPECT_EQ(str(std::string_view("a\0b", 3)), std::string("{3}\r\na\0b", 8));
    EXPECT_EQ(str(""), "\"\"");
    std::string nil;
    append_nstring(nil, std::nullopt);
    EXPECT_EQ(nil, "NIL");
}

TEST(ImapString, ForHumansCleansUpAndUsesLiterals)
{
    EXPECT_EQ(humans("plain name"), "\"plain name\"");
    EXPECT_EQ(humans("a  b"), "{3}\r\na b");
    EXPECT_EQ(humans("trail  "), "{5}\r\ntrail");
    EXPECT_EQ(humans("a\tb"), "{3}\r\na b");
    EXPECT_EQ(humans("folded\r\n\tline two\r\n  three"), "{21}\r\nfolded line two three");
    EXPECT_EQ(humans("Jo \"x\" Q"), "{8}\r\nJo \"x\" Q");
    EXPECT_EQ(humans("back\\slash"), "{10}\r\nback\\slash");
    EXPECT_EQ(humans("ab\x7f"
                     "c\x01"
                     "d"),
              "\"ab\x7f"
              "c\x01"
              "d\"");
    EXPECT_EQ(humans(""), "\"\"");
}

TEST(ImapString, NoLfDropsFoldsAndSpacesOutBareLineEnds)
{
    EXPECT_EQ(nolf("Mon,\r\n 1 Jan 2024"), "\"Mon, 1 Jan 2024\"");
    EXPECT_EQ(nolf("Mon,\n 1 Jan"), "\"Mon, 1 Jan\"");
    EXPECT_EQ(nolf("a\rb"), "\"a b\"");
    EXPECT_EQ(nolf("a\r b"), "\"a b\"");
    EXPECT_EQ(nolf("a \rb"), "\"a  b\"");
    EXPECT_EQ(nolf("<a@b>  "), "\"<a@b>  \"");
}

}  // namespace
}  // namespace roost::mail::imap
