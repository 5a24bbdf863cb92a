// LIST pattern matching.
#include "imap/worker/mailbox_names.hpp"

#include <gtest/gtest.h>

#include <string>

namespace roost::imap {
namespace {

TEST(MailboxNames, PatternWildcards)
{
    EXPECT_TRUE(list_pattern_matches("*", "a.b.c", '.'));
    EXPECT_TRUE(list_pattern_matches("%", "INBOX", '.'));
    EXPECT_FALSE(list_pattern_matches("%", "a.b", '.'));
    EXPECT_TRUE(list_pattern_matches("a.%", "a.b", '.'));
    EXPECT_FALSE(list_pattern_matches("a.%", "a.b.c", '.'));
    EXPECT_TRUE(list_pattern_matches("a.*", "a.b.c", '.'));
    EXPECT_FALSE(list_pattern_matches("a.*", "a", '.'));
    EXPECT_TRUE(list_pattern_matches("a*c", "abbbc", '.'));
    EXPECT_TRUE(list_pattern_matches("%b%", "abc", '.'));
    EXPECT_FALSE(list_pattern_matches("abc", "abcd", '.'));
    EXPECT_TRUE(list_pattern_matches("", "", '.'));
    EXPECT_FALSE(list_pattern_matches("", "a", '.'));
}

TEST(MailboxNames, HostilePatternStaysFast)
{
    const std::string pattern(2000, '*');
    const std::string name(300, 'a');
    EXPECT_TRUE(list_pattern_matches(pattern, name, '.'));
    EXPECT_FALSE(list_pattern_matches(pattern + "b", name, '.'));
}

TEST(MailboxNames, InboxPatternIsCaseInsensitive)
{
    EXPECT_EQ(canonical_pattern("inbox", '.'), "INBOX");
    EXPECT_EQ(canonical_pattern("iNbOx.*", '.'), "INBOX.*");
    EXPECT_EQ(canonical_pattern("inboxes", '.'), "inboxes");
}

}  // namespace
}  // namespace roost::imap
