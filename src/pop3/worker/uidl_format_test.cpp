// pop3_uidl_format: Dovecot's default and the other supported forms.
#include "pop3/worker/uidl_format.hpp"

#include <gtest/gtest.h>

namespace roost::pop3 {
namespace {

TEST(UidlFormat, DovecotDefault)
{
    auto f = UidlFormat::parse("%08Xu%08Xv");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->expand(1, 1700000000), "000000016553f100");  // as Dovecot prints it
    EXPECT_EQ(f->expand(0xABCDEF12, 1), "abcdef1200000001");
}

TEST(UidlFormat, DecimalLiteralsAndPercent)
{
    auto f = UidlFormat::parse("%v.%u%%x");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->expand(42, 7), "7.42%x");
    auto padded = UidlFormat::parse("%5u");
    ASSERT_TRUE(padded);
    EXPECT_EQ(padded->expand(42, 7), "   42");
}

TEST(UidlFormat, UnsupportedVariablesAreNamed)
{
    auto m = UidlFormat::parse("%m");
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().message.find("%m"), std::string::npos);
    EXPECT_FALSE(UidlFormat::parse("%08X"));
}

}  // namespace
}  // namespace roost::pop3
