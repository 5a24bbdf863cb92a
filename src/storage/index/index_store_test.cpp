// Tests of IndexStore: two stores on one file stand for two processes sharing a mailbox.
#include "storage/index/index_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::index {
namespace {

using storage::testing::TempDir;
using storage::testing::read_text;
using storage::testing::write_text;

ino_t inode_of(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

std::size_t line_count(const std::string& text)
{
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(IndexStore, ChangesAreAppendedAndSeenByOthers)
{
    TempDir tmp;
    const std::string path = tmp.path() + "/idx/roost-index";
    IndexStore a(path);
    IndexStore b(path);
    a.refresh();
    EXPECT_EQ(a.file().uidvalidity, 0u);

    ASSERT_TRUE(a.update(5, [](IndexFile& f) {
        f.first_recent_uid = 1;
        for (std::uint32_t uid = 1; uid <= 10; ++uid) {
            f.put({uid, ++f.highest_modseq, 0, 0});
        }
    }));
    const ino_t first = inode_of(path);
    b.refresh();
    EXPECT_EQ(b.file().entries, a.file().entries);

    // A flag change by b is one appended line; the file keeps its inode.
    ASSERT_TRUE(b.update(5, [](IndexFile& f) { f.put({3, ++f.highest_modseq, 2, 0}); }));
    EXPECT_EQ(inode_of(path), first);
    EXPECT_EQ(line_count(read_text(path)), 1u + 10u + 1u);
    a.refresh();
    ASSERT_NE(a.file().find(3), nullptr);
    EXPECT_EQ(a.file().find(3)->flags, 2u);
    EXPECT_EQ(a.file().highest_modseq, 12u);

    // An expunge by a, seen by b.
    ASSERT_TRUE(a.update(5, [](IndexFile& f) {
        f.erase(4);
        ++f.highest_modseq;
    }));
    b.refresh();
    EXPECT_EQ(b.file().find(4), nullptr);
    EXPECT_EQ(b.file().highest_modseq, 13u);
    EXPECT_EQ(b.file().entries, a.file().entries);
}

TEST(IndexStore, CompactsWhenTheLogGrowsLong)
{
    TempDir tmp;
    const std::string path = tmp.path() + "/roost-index";
    IndexStore a(path);
    ASSERT_TRUE(a.update(1, [](IndexFile& f) { f.put({1, ++f.highest_modseq, 0, 0}); }));
    const ino_t first = inode_of(path);
    const std::size_t changes = IndexStore::compact_after(1) + 5;
    for (std::size_t i = 0; i < changes; ++i) {
        ASSERT_TRUE(a.update(1, [](IndexFile& f) {
            const std::uint64_t modseq = ++f.highest_modseq;
            f.put({1, modseq, static_cast<std::uint8_t>(modseq & 1), 0});
        }));
    }
    EXPECT_NE(inode_of(path), first);
    EXPECT_LT(line_count(read_text(path)), IndexStore::compact_after(1) + 3);
    IndexStore b(path);
    b.refresh();
    EXPECT_EQ(b.file().entries, a.file().entries);
    EXPECT_EQ(b.file().highest_modseq, changes + 2);  // an empty index starts at 1
    // The writer still follows the file after its own rewrite.
    ASSERT_TRUE(b.update(1, [](IndexFile& f) { f.put({2, ++f.highest_modseq, 0, 0}); }));
    a.refresh();
    EXPECT_EQ(a.file().entries, b.file().entries);
}

TEST(IndexStore, ATornTailIsRewrittenAndAnotherGenerationStartsOver)
{
    TempDir tmp;
    const std::string path = tmp.path() + "/roost-index";
    write_text(path, "roost-index 2 V3 M4 R2\n1 3 0 0\n2 4 0 0\n2 9");  // a writer died
    IndexStore a(path);
    a.refresh();
    EXPECT_EQ(a.file().entries.size(), 2u);
    EXPECT_EQ(a.file().highest_modseq, 4u);
    ASSERT_TRUE(a.update(3, [](IndexFile& f) { f.put({3, ++f.highest_modseq, 0, 0}); }));
    EXPECT_EQ(read_text(path), "roost-index 2 V3 M5 R2\n1 3 0 0\n2 4 0 0\n3 5 0 0\n");

    // A new UIDVALIDITY: the old entries do not belong to it.
    ASSERT_TRUE(a.update(8, [](IndexFile& f) { f.put({1, ++f.highest_modseq, 0, 0}); }));
    IndexStore b(path);
    b.refresh();
    EXPECT_EQ(b.file().uidvalidity, 8u);
    EXPECT_EQ(b.file().entries.size(), 1u);

    // Garbage reads as empty and is replaced by the next update.
    write_text(path, "garbage\n");
    b.refresh();
    EXPECT_EQ(b.file().uidvalidity, 0u);
    ASSERT_TRUE(b.update(8, [](IndexFile& f) { f.first_recent_uid = 1; }));
    a.refresh();
    EXPECT_EQ(a.file().uidvalidity, 8u);
    EXPECT_EQ(a.file().first_recent_uid, 1u);
}

TEST(IndexStore, MemoryOnly)
{
    IndexStore m("");
    m.refresh();
    ASSERT_TRUE(m.update(4, [](IndexFile& f) { f.put({1, ++f.highest_modseq, 0, 0}); }));
    EXPECT_EQ(m.file().uidvalidity, 4u);
    EXPECT_EQ(m.file().entries.size(), 1u);
    ASSERT_TRUE(m.update(5, [](IndexFile& f) { f.first_recent_uid = 2; }));
    EXPECT_TRUE(m.file().entries.empty());
}

}  // namespace
}  // namespace roost::storage::index
