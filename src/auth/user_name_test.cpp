#include "auth/user_name.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

TEST(UserName, DefaultsLowercaseAndCheckCharacters)
{
    UserNameRules rules;
    rules.allowed_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890.-_@";
    EXPECT_EQ(normalize_user_name("Alice@Example.ORG", rules), "alice@example.org");
    EXPECT_FALSE(normalize_user_name("alice bob", rules).has_value());
    EXPECT_FALSE(normalize_user_name("al\tice", rules).has_value());
    EXPECT_FALSE(normalize_user_name("", rules).has_value());
    EXPECT_FALSE(normalize_user_name("root%00", rules).has_value());
}

TEST(UserName, TranslationRealmAndFormat)
{
    UserNameRules rules;
    rules.translation = "#@";
    rules.default_realm = "example.org";
    rules.format = "%n";
    EXPECT_EQ(normalize_user_name("bob#other.org", rules), "bob");
    rules.format = "%Lu";
    EXPECT_EQ(normalize_user_name("Bob", rules), "bob@example.org");
    EXPECT_EQ(normalize_user_name("bob#other.org", rules), "bob@other.org");
    rules.format = "";
    EXPECT_EQ(normalize_user_name("Bob", rules), "Bob@example.org");
}

}  // namespace
}  // namespace roost::auth
