// DATA encoding: CRLF line ends, leading dots doubled, the closing dot.
#include "smtp/client/data_encoding.hpp"

#include <gtest/gtest.h>

namespace roost::smtp::client {
namespace {

TEST(EncodeData, LfBecomesCrlfAndDotsAreDoubled)
{
    EXPECT_EQ(encode_data("Subject: x\n\n.hidden\n..two\nend\n"),
              "Subject: x\r\n\r\n..hidden\r\n...two\r\nend\r\n.\r\n");
}

TEST(EncodeData, CrlfStaysAndALoneDotLineIsStuffed)
{
    EXPECT_EQ(encode_data("a\r\n.\r\nb\r\n"), "a\r\n..\r\nb\r\n.\r\n");
}

TEST(EncodeData, MissingLastLineEndIsAdded)
{
    EXPECT_EQ(encode_data("no end"), "no end\r\n.\r\n");
    EXPECT_EQ(encode_data(""), ".\r\n");
    EXPECT_EQ(encode_data(".x"), "..x\r\n.\r\n");
}

TEST(EncodeData, DotsInsideALineAreLeftAlone)
{
    EXPECT_EQ(encode_data("a.b\n x.\n"), "a.b\r\n x.\r\n.\r\n");
}

TEST(EncodeXtext, PlusEqualsSpaceAndNonAsciiAreHex)
{
    EXPECT_EQ(encode_xtext("alice@example.com"), "alice@example.com");
    EXPECT_EQ(encode_xtext("a+b=c d\xc3\xa9"), "a+2Bb+3Dc+20d+C3+A9");
}

}  // namespace
}  // namespace roost::smtp::client
