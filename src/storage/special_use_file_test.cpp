// Tests of the CREATE-SPECIAL-USE file format and its RENAME bookkeeping.
#include "storage/special_use_file.hpp"

#include <gtest/gtest.h>

namespace roost::storage {
namespace {

TEST(SpecialUseFile, RoundTrip)
{
    const SpecialUseMap entries{{"Archive/2024", {"\\Archive"}}, {"Gesendet", {"\\Sent"}},
                                {"Müll", {"\\Trash", "\\Junk"}}, {"Plain", {}}};
    const std::string file = serialize_special_use(entries);
    EXPECT_EQ(file, "V\t1\nArchive/2024\t\\Archive\nGesendet\t\\Sent\nMüll\t\\Trash \\Junk\n");
    SpecialUseMap back = entries;
    back.erase("Plain");
    EXPECT_EQ(parse_special_use(file), back);
}

TEST(SpecialUseFile, OddInputIsSkipped)
{
    EXPECT_TRUE(parse_special_use("").empty());
    EXPECT_TRUE(parse_special_use("V\t9\nSent\t\\Sent\n").empty());  // an unknown version
    EXPECT_EQ(parse_special_use("V\t1\r\nno tab here\nSent\t\\Sent\r\n\tEmpty\nX\t\n"),
              (SpecialUseMap{{"Sent", {"\\Sent"}}}));
    // "inbox" is INBOX in any case, as everywhere in storage names.
    EXPECT_EQ(parse_special_use("V\t1\ninbox\t\\Archive\n"), (SpecialUseMap{{"INBOX", {"\\Archive"}}}));
}

TEST(SpecialUseFile, RenameMovesChildrenToo)
{
    SpecialUseMap entries{{"A", {"\\Archive"}}, {"A/B", {"\\Sent"}}, {"AB", {"\\Trash"}}, {"C", {"\\Junk"}}};
    EXPECT_TRUE(rename_special_use(entries, "A", "X/Y"));
    EXPECT_EQ(entries, (SpecialUseMap{{"AB", {"\\Trash"}}, {"C", {"\\Junk"}}, {"X/Y", {"\\Archive"}},
                                      {"X/Y/B", {"\\Sent"}}}));
    EXPECT_FALSE(rename_special_use(entries, "Nope", "Other"));
}

}  // namespace
}  // namespace roost::storage
