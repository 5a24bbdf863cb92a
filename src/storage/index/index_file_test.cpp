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
    EXPECT_EQ(text, "roost-index 2 V1795414711 M12 R3\n1 4 1 0\n2 6 11 3\n7 12 0 2000000\n");
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
         {"", "roost-index 1 V1 M1 R1", "roost-index 3 V1\n", "junk\n", "roost-index 1 Vx\n",
          "roost-index 1 V1 M1 R1\n1 2 3\n", "roost-index 1 V1 M1 R1\n2 1 0 0\n1 1 0 0\n",
          "roost-index 1 V1 M1 R1\n1 1 100 0\n", "roost-index 1 V1 M1 R1\n1 1 zz 0\n"}) {
        auto f = parse_index_file(bad);
        ASSERT_FALSE(f) << bad;
        EXPECT_EQ(storage_code_of(f.error()), StorageError::Corrupted);
    }
}

TEST(IndexFile, ChangeLinesApplyInOrder)
{
    auto f = parse_index_file("roost-index 2 V1 M5 R3\n1 4 1 0\n2 5 0 0\n"
                              "2 6 11 3\n-1\n9 7 0 0\nM9\nR10\n");
    ASSERT_TRUE(f) << f.error().message;
    ASSERT_EQ(f->entries.size(), 2u);
    EXPECT_EQ(f->entries[0], (IndexEntry{2, 6, 0x11, 3}));
    EXPECT_EQ(f->entries[1], (IndexEntry{9, 7, 0, 0}));
    EXPECT_EQ(f->highest_modseq, 9u);
    EXPECT_EQ(f->first_recent_uid, 10u);
    // Version 1 has entry lines only, in ascending order.
    EXPECT_FALSE(parse_index_file("roost-index 1 V1 M1 R1\n1 1 0 0\n-1\n"));
}

TEST(IndexFile, ChangesReproduceTheNewState)
{
    IndexFile before;
    before.uidvalidity = 7;
    before.highest_modseq = 4;
    before.first_recent_uid = 3;
    before.put({1, 2, 0, 0});
    before.put({2, 3, 1, 0});
    before.put({3, 4, 0, 0});
    EXPECT_EQ(serialize_index_changes(before, before), "");

    IndexFile after = before;
    after.put({2, 5, 3, 0});
    after.erase(1);
    after.put({4, 6, 0, 1});
    after.highest_modseq = 7;  // an expunge raises it without an entry
    after.first_recent_uid = 5;
    const std::string delta = serialize_index_changes(before, after);
    EXPECT_EQ(delta, "-1\n2 5 3 0\n4 6 0 1\nM7\nR5\n");

    IndexRead read;
    auto replayed = read_index_text(serialize_index_file(before) + delta, read);
    ASSERT_TRUE(replayed) << replayed.error().message;
    EXPECT_EQ(replayed->entries, after.entries);
    EXPECT_EQ(replayed->highest_modseq, 7u);
    EXPECT_EQ(replayed->first_recent_uid, 5u);
    EXPECT_EQ(read.lines, 3u + 5u);
}

TEST(IndexFile, UnterminatedTailIsLeftForLater)
{
    const std::string whole = "roost-index 2 V1 M1 R1\n1 1 0 0\n2 2 0 0\n";
    IndexRead read;
    auto f = read_index_text(whole + "3 3 0", read);
    ASSERT_TRUE(f);
    EXPECT_EQ(read.consumed, whole.size());
    EXPECT_EQ(f->entries.size(), 2u);
    EXPECT_FALSE(parse_index_file(whole + "3 3 0"));

    // The rest arrives: applying from `consumed` on completes it.
    auto applied = apply_index_changes(*f, "3 3 0 0\n-1\nR", read);
    ASSERT_TRUE(applied);
    EXPECT_EQ(read.consumed, 11u);
    EXPECT_EQ(read.lines, 2u);
    EXPECT_EQ(f->entries.size(), 2u);
    EXPECT_EQ(f->entries[1].uid, 3u);
    EXPECT_FALSE(apply_index_changes(*f, "x\n", read));
}

}  // namespace
}  // namespace roost::storage::index
