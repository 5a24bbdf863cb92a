// Flag names in Dovecot's order, and STORE lists split into flags and keywords.
#include "imap/worker/flag_names.hpp"

#include <gtest/gtest.h>

namespace roost::imap {
namespace {

using storage::Flag;

TEST(FlagNames, DovecotOrderThenKeywords)
{
    const storage::Flags f = Flag::Seen | Flag::Answered | Flag::Recent | Flag::Draft;
    EXPECT_EQ(flag_names(f, {"$Forwarded"}, true),
              (std::vector<std::string>{"\\Answered", "\\Seen", "\\Draft", "\\Recent", "$Forwarded"}));
    EXPECT_EQ(flag_names(f, {}, false), (std::vector<std::string>{"\\Answered", "\\Seen", "\\Draft"}));
}

TEST(FlagNames, SplitDropsRecentAndKeepsKeywords)
{
    const FlagChange c = split_flags({"\\Seen", "\\Deleted", "Junk", "$Label1"});
    EXPECT_TRUE(c.flags.has(Flag::Seen));
    EXPECT_TRUE(c.flags.has(Flag::Deleted));
    EXPECT_FALSE(c.flags.has(Flag::Flagged));
    EXPECT_EQ(c.keywords, (std::vector<std::string>{"Junk", "$Label1"}));
}

TEST(FlagNames, KeywordBits)
{
    EXPECT_EQ(keyword_names(0b101, {"a", "b", "c"}), (std::vector<std::string>{"a", "c"}));
    EXPECT_TRUE(keyword_names(0b1000, {"a", "b"}).empty());
}

}  // namespace
}  // namespace roost::imap
