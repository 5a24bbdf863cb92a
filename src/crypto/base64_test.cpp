// Base64: RFC 4648 section 10 vectors, white space, garbage reporting and padding rules.
#include "crypto/base64.hpp"

#include <gtest/gtest.h>

#include "crypto/test_support.hpp"

namespace roost::crypto {
namespace {

std::string decoded(std::string_view text, Base64Padding padding = Base64Padding::Padded)
{
    auto r = base64_decode(text, padding);
    return r ? to_string(*r) : "<error>";
}

TEST(Base64, Rfc4648Vectors)
{
    const std::pair<std::string, std::string> vectors[] = {
        {"", ""},         {"f", "Zg=="},        {"fo", "Zm8="},         {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(decoded(encoded), plain);
    }
}

TEST(Base64, Unpadded)
{
    EXPECT_EQ(base64_encode("f", Base64Padding::Unpadded), "Zg");
    EXPECT_EQ(decoded("Zm8", Base64Padding::Unpadded), "fo");
    EXPECT_EQ(decoded("Zm8=", Base64Padding::Unpadded), "<error>");
    EXPECT_EQ(decoded("Zm8"), "<error>");  // padded form requires the '='
}

TEST(Base64, BinaryRoundTrip)
{
    Bytes all(256);
    for (std::size_t i = 0; i < all.size(); ++i) {
        all[i] = static_cast<std::uint8_t>(i);
    }
    const auto r = base64_decode(base64_encode(all));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, all);
}

TEST(Base64, WhiteSpaceIsSkipped)
{
    EXPECT_EQ(decoded(" Zm9v\r\nYmFy\t "), "foobar");
    EXPECT_EQ(decoded("Zm 8="), "fo");
}

TEST(Base64, GarbageIsReportedWithItsOffset)
{
    const auto strict = base64_decode("Zm9v!YmFy");
    ASSERT_FALSE(strict.ok());
    EXPECT_NE(strict.error().message.find("offset 4"), std::string::npos);

    const auto prefix = base64_decode_prefix("Zm9v!YmFy");
    ASSERT_TRUE(prefix.ok());
    EXPECT_EQ(to_string(prefix->data), "foo");
    EXPECT_EQ(prefix->garbage_at, 4U);
    EXPECT_FALSE(prefix->clean());

    const auto clean = base64_decode_prefix("Zm9v");
    ASSERT_TRUE(clean.ok());
    EXPECT_TRUE(clean->clean());
}

TEST(Base64, BrokenGroupsAndPaddingAreErrors)
{
    EXPECT_EQ(decoded("Zm9vY"), "<error>");      // truncated group
    EXPECT_EQ(decoded("Zm=8"), "<error>");       // padding inside a group
    EXPECT_EQ(decoded("Zg==Zg=="), "<error>");   // data after padding
    EXPECT_EQ(decoded("Zg==x"), "<error>");
    EXPECT_EQ(decoded("Zh=="), "<error>");       // non-zero trailing bits
    EXPECT_FALSE(base64_decode_prefix("Zm9vY!").ok());  // garbage cuts a group short
}

}  // namespace
}  // namespace roost::crypto
