// Sender check: a user sends only as their own addresses.
#include "submission/worker/sender_check.hpp"

#include <gtest/gtest.h>

namespace roost::submission {
namespace {

TEST(SenderCheck, LoginThatIsAnAddress)
{
    const SenderPolicy p = sender_policy("alice@example.com", "mail.example.net", "", "+");
    EXPECT_TRUE(sender_allowed(p, "alice@example.com"));
    EXPECT_TRUE(sender_allowed(p, "Alice@EXAMPLE.com"));
    EXPECT_TRUE(sender_allowed(p, "alice+lists@example.com"));
    EXPECT_TRUE(sender_allowed(p, ""));  // the null sender claims nobody
    EXPECT_FALSE(sender_allowed(p, "bob@example.com"));
    EXPECT_FALSE(sender_allowed(p, "alice@example.org"));
    EXPECT_FALSE(sender_allowed(p, "alice@mail.example.net"));
    EXPECT_FALSE(sender_allowed(p, "alice"));
    EXPECT_FALSE(sender_allowed(p, "alicex@example.com"));
}

TEST(SenderCheck, SystemUserGetsTheHostName)
{
    const SenderPolicy p = sender_policy("bob", "mail.example.net", "", "+");
    EXPECT_TRUE(sender_allowed(p, "bob@mail.example.net"));
    EXPECT_FALSE(sender_allowed(p, "bob@example.net"));
    EXPECT_FALSE(sender_allowed(p, "bob"));
}

TEST(SenderCheck, UserdbFieldAddsAddressesAndDomains)
{
    const SenderPolicy p = sender_policy("alice@example.com", "h", "sales@example.com, @alias.example", "+-");
    EXPECT_TRUE(sender_allowed(p, "sales@example.com"));
    EXPECT_TRUE(sender_allowed(p, "sales-eu@example.com"));
    EXPECT_TRUE(sender_allowed(p, "anyone@ALIAS.example"));
    EXPECT_FALSE(sender_allowed(p, "anyone@sub.alias.example"));
    EXPECT_FALSE(sender_allowed(p, "@alias.example"));
    EXPECT_FALSE(sender_allowed(p, "support@example.com"));
}

TEST(SenderCheck, StarAllowsAnyone)
{
    const SenderPolicy p = sender_policy("relay-app", "h", "*", "");
    EXPECT_TRUE(sender_allowed(p, "whoever@wherever.example"));
}

TEST(SenderCheck, NoDelimiterMeansNoDetail)
{
    const SenderPolicy p = sender_policy("alice@example.com", "h", "", "");
    EXPECT_FALSE(sender_allowed(p, "alice+x@example.com"));
}

}  // namespace
}  // namespace roost::submission
