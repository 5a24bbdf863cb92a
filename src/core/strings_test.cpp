#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace roost {
namespace {

TEST(Strings, TrimRemovesSpacesTabsAndLineEnds)
{
    EXPECT_EQ(trim("  \tabc \r\n"), "abc");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim("   "), "");
    EXPECT_EQ(trim_left("  a "), "a ");
    EXPECT_EQ(trim_right("  a "), "  a");
}

TEST(Strings, SplitWordsSkipsRuns)
{
    const auto w = split_words("  a\t b  c ");
    ASSERT_EQ(w.size(), 3u);
    EXPECT_EQ(w[0], "a");
    EXPECT_EQ(w[2], "c");
    EXPECT_TRUE(split_words(" \t ").empty());
}

TEST(Strings, SplitKeepsEmptyFields)
{
    const auto f = split("a::b:", ':');
    ASSERT_EQ(f.size(), 4u);
    EXPECT_EQ(f[1], "");
    EXPECT_EQ(f[3], "");
}

TEST(Strings, CaseHelpers)
{
    EXPECT_TRUE(iequals("Mail_Location", "mail_location"));
    EXPECT_FALSE(iequals("mail", "mails"));
    EXPECT_EQ(to_lower("AbC"), "abc");
    EXPECT_EQ(to_upper("AbC"), "ABC");
    EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
}

TEST(Strings, EditDistanceCountsTranspositionAsOne)
{
    EXPECT_EQ(edit_distance("mail_location", "mail_location"), 0u);
    EXPECT_EQ(edit_distance("mail_locaiton", "mail_location"), 1u);
    EXPECT_EQ(edit_distance("mail_locatio", "mail_location"), 1u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace roost
