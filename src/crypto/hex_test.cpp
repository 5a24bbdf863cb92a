// Hex: RFC 4648 section 10 base16 vectors and strict rejection of anything else.
#include "crypto/hex.hpp"

#include <gtest/gtest.h>

namespace roost::crypto {
namespace {

TEST(Hex, EncodesLowerCase)
{
    EXPECT_EQ(hex_encode("foobar"), "666f6f626172");
    EXPECT_EQ(hex_encode(""), "");
    EXPECT_EQ(hex_encode(Bytes{0x00, 0xff, 0x10}), "00ff10");
}

TEST(Hex, DecodesEitherCase)
{
    auto r = hex_decode("666F6F626172");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(to_string(*r), "foobar");
    r = hex_decode("00Ff10");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (Bytes{0x00, 0xff, 0x10}));
    r = hex_decode("");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->empty());
}

TEST(Hex, RejectsOddLengthOtherCharactersAndSpaces)
{
    EXPECT_FALSE(hex_decode("abc").ok());
    EXPECT_FALSE(hex_decode("zz").ok());
    EXPECT_FALSE(hex_decode("ab cd").ok());
    EXPECT_FALSE(hex_decode("abcd ").ok());
    EXPECT_FALSE(hex_decode("0x12").ok());
}

}  // namespace
}  // namespace roost::crypto
