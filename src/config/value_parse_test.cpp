#include "config/value_parse.hpp"

#include <gtest/gtest.h>

namespace roost::config {
namespace {

TEST(ValueParse, Bool)
{
    EXPECT_EQ(parse_bool("yes"), true);
    EXPECT_EQ(parse_bool("YES"), true);
    EXPECT_EQ(parse_bool(" no "), false);
    EXPECT_EQ(parse_bool("y"), true);
    EXPECT_EQ(parse_bool("0"), false);
    EXPECT_FALSE(parse_bool("true").has_value());
    EXPECT_FALSE(parse_bool("").has_value());
}

TEST(ValueParse, UInt)
{
    EXPECT_EQ(parse_uint("0"), 0u);
    EXPECT_EQ(parse_uint(" 42 "), 42u);
    EXPECT_FALSE(parse_uint("-1").has_value());
    EXPECT_FALSE(parse_uint("4x").has_value());
    EXPECT_FALSE(parse_uint("99999999999999999999999").has_value());
}

TEST(ValueParse, Size)
{
    EXPECT_EQ(parse_size("100"), 100u);
    EXPECT_EQ(parse_size("64 k"), 65536u);
    EXPECT_EQ(parse_size("64k"), 65536u);
    EXPECT_EQ(parse_size("256M"), 256u << 20);
    EXPECT_EQ(parse_size("1 G"), 1ULL << 30);
    EXPECT_EQ(parse_size("2TB"), 2ULL << 40);
    EXPECT_EQ(parse_size("18446744073709551615 B"), 18446744073709551615ULL);
    EXPECT_FALSE(parse_size("20000000000 T").has_value());  // overflow
    EXPECT_FALSE(parse_size("10 X").has_value());
    EXPECT_FALSE(parse_size("M").has_value());
}

TEST(ValueParse, Time)
{
    using std::chrono::milliseconds;
    EXPECT_EQ(parse_time("2 secs"), milliseconds(2000));
    EXPECT_EQ(parse_time("5 mins"), milliseconds(300000));
    EXPECT_EQ(parse_time("1 hours"), milliseconds(3600000));
    EXPECT_EQ(parse_time("1d"), milliseconds(86400000));
    EXPECT_EQ(parse_time("1 weeks"), milliseconds(604800000));
    EXPECT_EQ(parse_time("30"), milliseconds(30000));
    EXPECT_EQ(parse_time("30", true), milliseconds(30));
    EXPECT_EQ(parse_time("250 msecs"), milliseconds(250));
    EXPECT_FALSE(parse_time("soon").has_value());
    EXPECT_FALSE(parse_time("3 fortnights").has_value());
}

TEST(ValueParse, Mode)
{
    EXPECT_EQ(parse_mode("0600"), 0600u);
    EXPECT_EQ(parse_mode("666"), 0666u);
    EXPECT_EQ(parse_mode("04755"), 04755u);
    EXPECT_FALSE(parse_mode("0800").has_value());
    EXPECT_FALSE(parse_mode("").has_value());
    EXPECT_FALSE(parse_mode("077777").has_value());
}

TEST(ValueParse, Words)
{
    EXPECT_EQ(parse_words("fcntl, dotlock"), (std::vector<std::string>{"fcntl", "dotlock"}));
    EXPECT_EQ(parse_words("  a\tb,,c "), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(parse_words("").empty());
}

TEST(ValueParse, CheckValueExplainsTheProblem)
{
    const SettingDef enum_def{"ssl", ValueType::Enum, "yes", "", Support::Yes, "no yes required"};
    EXPECT_EQ(check_value(enum_def, "required"), "");
    EXPECT_EQ(check_value(enum_def, "maybe"), "Invalid value: maybe (allowed: no yes required)");
    const SettingDef port{"port", ValueType::Port, "0", ""};
    EXPECT_EQ(check_value(port, "65535"), "");
    EXPECT_NE(check_value(port, "65536"), "");
}

}  // namespace
}  // namespace roost::config
