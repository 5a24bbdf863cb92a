// Constant-time equality and wiping.
#include "crypto/constant_time.hpp"

#include <gtest/gtest.h>

namespace roost::crypto {
namespace {

TEST(ConstantTime, Equal)
{
    EXPECT_TRUE(equal("secret", "secret"));
    EXPECT_TRUE(equal("", ""));
    EXPECT_FALSE(equal("secret", "secreT"));
    EXPECT_FALSE(equal("Secret", "secret"));
    EXPECT_FALSE(equal("secret", "secret2"));
    EXPECT_FALSE(equal("", "x"));
    EXPECT_TRUE(equal(Bytes{1, 2, 3}, Bytes{1, 2, 3}));
    EXPECT_FALSE(equal(Bytes{1, 2, 3}, Bytes{1, 2, 4}));
}

TEST(ConstantTime, Wipe)
{
    std::string s = "password";
    wipe(s);
    EXPECT_EQ(s, std::string(8, '\0'));
    Bytes b{1, 2, 3};
    wipe(b);
    EXPECT_EQ(b, (Bytes{0, 0, 0}));
    std::string empty;
    wipe(empty);
    EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace roost::crypto
