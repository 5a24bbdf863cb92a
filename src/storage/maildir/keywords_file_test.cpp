// Tests of the dovecot-keywords format.
#include "storage/maildir/keywords_file.hpp"

#include <gtest/gtest.h>

namespace roost::storage::maildir {
namespace {

TEST(KeywordsFile, ReadsDovecotsFile)
{
    // As Dovecot wrote it after "flags add $Label1" and "flags add Work".
    const auto table = parse_keywords_file("0 $Label1\n1 Work\n");
    EXPECT_EQ(table, (std::vector<std::string>{"$Label1", "Work"}));
    EXPECT_EQ(serialize_keywords_file(table), "0 $Label1\n1 Work\n");
}

TEST(KeywordsFile, GapsAndJunk)
{
    const auto table = parse_keywords_file("2 C\n0 A\nx B\n26 Z\n3 bad(name\n4 A\n5 E\r\n9");
    ASSERT_EQ(table.size(), 6u);
    EXPECT_EQ(table[0], "A");
    EXPECT_EQ(table[1], "");
    EXPECT_EQ(table[2], "C");
    EXPECT_EQ(table[3], "");
    EXPECT_EQ(table[4], "");  // "A" again is not a second keyword
    EXPECT_EQ(table[5], "E");
    EXPECT_EQ(serialize_keywords_file(table), "0 A\n2 C\n5 E\n");
}

TEST(KeywordsFile, ValidKeywords)
{
    EXPECT_TRUE(is_valid_keyword("$Forwarded"));
    EXPECT_TRUE(is_valid_keyword("Junk"));
    for (const char* bad : {"", "a b", "a(b", "x]", "\\Seen", "q\"", "50%", "*", "caf\xC3\xA9"}) {
        EXPECT_FALSE(is_valid_keyword(bad)) << bad;
    }
}

}  // namespace
}  // namespace roost::storage::maildir
