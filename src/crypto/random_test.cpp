// Random bytes: sizes, variety and alphabet use (statistical sanity, not a randomness proof).
#include "crypto/random.hpp"

#include <gtest/gtest.h>

#include <set>

namespace roost::crypto {
namespace {

TEST(Random, InitSucceeds)
{
    EXPECT_TRUE(init().ok());
}

TEST(Random, BytesHaveTheSizeAskedAndDiffer)
{
    EXPECT_TRUE(random_bytes(0).empty());
    const Bytes a = random_bytes(32);
    const Bytes b = random_bytes(32);
    EXPECT_EQ(a.size(), 32U);
    EXPECT_NE(a, b);  // equal by chance with probability 2^-256
}

TEST(Random, BelowStaysInRangeAndCoversIt)
{
    std::set<std::uint32_t> seen;
    for (int i = 0; i < 2000; ++i) {
        const auto v = random_below(10);
        ASSERT_LT(v, 10U);
        seen.insert(v);
    }
    EXPECT_EQ(seen.size(), 10U);
    EXPECT_EQ(random_below(1), 0U);
}

TEST(Random, StringUsesOnlyTheAlphabet)
{
    const std::string s = random_string(500, "ab");
    EXPECT_EQ(s.size(), 500U);
    EXPECT_EQ(s.find_first_not_of("ab"), std::string::npos);
    EXPECT_NE(s.find('a'), std::string::npos);
    EXPECT_NE(s.find('b'), std::string::npos);
}

}  // namespace
}  // namespace roost::crypto
