// Tests of the roost-index format.
#include "storage/index/index_file.hpp"

#include <gtest/gtest.h>

#include "storage/storage_error.hpp"

namespace roost::storage::index {
namespace {

TEST(IndexFile, RoundTrip)
{
    IndexFile f;
    f.uidvalidity = 1795414711;
    f.highest_modseq = 12;
    f.first_recent_uid = 3;
    f.put({2, 5, 0x11, 0x3});
    f.put({1, 4, 0x1, 0});
    f.put({7, 12, 0, 0x2000000});
    f.put({2, 6, 0x11, 0x3});
    const std::string text = serialize_index_file(f);
    EXPECT_EQ(text, "roost-index 1 V1795414711 M12 R3\n1 4 1 0\n2 6 11 3\n7 12 0 2000000\n");
    auto back = parse_index_file(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->uidvalidity, f.uidvalidity);
    EXPECT_EQ(back->highest_modseq, 12u);
    EXPECT_EQ(back->first_recent_uid, 3u);
    EXPECT_EQ(back->entries, f.entries);
    ASSERT_NE(back->find(7), nullptr);
    EXPECT_EQ(back->find(7)->keywords, 0x2000000u);
    EXPECT_EQ(back->find(3), nullptr);
    EXPECT_TRUE(back->erase(2));
    EXPECT_FALSE(back->erase(2));
    EXPECT_EQ(back->entries.size(), 2u);
}

TEST(IndexFile, HighestModseqCoversEveryEntry)
{
    auto f = parse_index_file("roost-index 1 V1 M2 R1\n1 9 0 0\n");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->highest_modseq, 9u);
    // Unknown header fields of later versions are ignored.
    EXPECT_TRUE(parse_index_file("roost-index 1 V1 M2 R1 X7\n"));
}

TEST(IndexFile, BrokenFilesAreCorrupted)
{
    for (const char* bad :
         {"", "roost-index 1 V1 M1 R1", "roost-index 2 V1\n", "junk\n", "roost-index 1 Vx\n",
          "roost-index 1 V1 M1 R1\n1 2 3\n", "roost-index 1 V1 M1 R1\n2 1 0 0\n1 1 0 0\n",
          "roost-index 1 V1 M1 R1\n1 1 100 0\n", "roost-index 1 V1 M1 R1\n1 1 zz 0\n"}) {
        auto f = parse_index_file(bad);
        ASSERT_FALSE(f) << bad;
        EXPECT_EQ(storage_code_of(f.error()), StorageError::Corrupted);
    }
}

}  // namespace
}  // namespace roost::storage::index
