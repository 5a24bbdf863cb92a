// Tests of the subscriptions file format.
#include "storage/subscriptions.hpp"

#include <gtest/gtest.h>

namespace roost::storage {
namespace {

TEST(Subscriptions, ReadsWhatDovecotWrote)
{
    // Byte for byte what Dovecot 2.3 wrote for Sent, Entwürfe, A.B and x&y (Maildir++).
    const std::string file = "V\t2\n\nSent\nEntw&APw-rfe\nA\tB\nx&-y\n";
    EXPECT_EQ(parse_subscriptions(file, '.'),
              (std::vector<std::string>{"Sent", "Entwürfe", "A/B", "x&y"}));
    EXPECT_EQ(serialize_subscriptions(parse_subscriptions(file, '.')), file);
}

TEST(Subscriptions, OldFormatAndOddLines)
{
    EXPECT_EQ(parse_subscriptions("INBOX\nA.B\r\n\ninbox\nA.B\n", '.'),
              (std::vector<std::string>{"INBOX", "A/B"}));
    EXPECT_EQ(parse_subscriptions("A/B\n", '/'), (std::vector<std::string>{"A/B"}));
    // A line that is not modified UTF-7 is kept as written.
    EXPECT_EQ(parse_subscriptions("V\t2\n\nbad&name\n", '.'),
              (std::vector<std::string>{"bad&name"}));
    EXPECT_TRUE(parse_subscriptions("", '.').empty());
    EXPECT_EQ(serialize_subscriptions({}), "V\t2\n\n");
}

}  // namespace
}  // namespace roost::storage
