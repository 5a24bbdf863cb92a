// Tests of NameTable, the hash index over names kept elsewhere.
#include "storage/maildir/name_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace roost::storage::maildir {
namespace {

TEST(NameTable, FindsEveryNameAndGrows)
{
    std::vector<std::string> names;
    const auto name_of = [&names](std::uint32_t i) -> std::string_view { return names[i]; };
    NameTable table;
    EXPECT_FALSE(table.find("x", name_of));
    table.reset(4);  // far too small: inserting grows it
    for (int i = 0; i < 1000; ++i) {
        names.push_back("1700000000.M" + std::to_string(i) + "P1.host");
        table.insert(static_cast<std::uint32_t>(i), name_of);
    }
    EXPECT_EQ(table.size(), 1000u);
    for (std::uint32_t i = 0; i < 1000; ++i) {
        const auto found = table.find(names[i], name_of);
        ASSERT_TRUE(found);
        EXPECT_EQ(*found, i);
    }
    EXPECT_FALSE(table.find("1700000000.M1000P1.host", name_of));
    EXPECT_FALSE(table.find("", name_of));

    // A name moved to another position is found there.
    names.push_back(names[7]);
    table.repoint(7, 1000, name_of);
    EXPECT_EQ(*table.find(names[7], name_of), 1000u);
}

}  // namespace
}  // namespace roost::storage::maildir
