// Tests of UidlistStore: appends are read incrementally, replacements whole.
#include "storage/maildir/uidlist_store.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::maildir {
namespace {

using storage::testing::TempDir;
using storage::testing::write_text;

void append_text(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << text;
}

TEST(UidlistStore, FollowsAppendsAndReplacements)
{
    TempDir tmp;
    const std::string path = tmp.path() + "/dovecot-uidlist";
    UidlistStore store(path);
    ASSERT_TRUE(store.refresh());
    EXPECT_FALSE(store.present());

    write_text(path, "3 V5 N3 G0123456789abcdef0123456789abcdef\n1 :a\n2 :b\n");
    ASSERT_TRUE(store.refresh());
    ASSERT_TRUE(store.present());
    EXPECT_EQ(store.uid_of("b"), 2u);
    const auto generation = store.generation();
    const auto changes = store.changes();

    ASSERT_TRUE(store.refresh());
    EXPECT_EQ(store.changes(), changes);  // nothing new

    // Another writer appends (Dovecot does): only the new lines are read.
    append_text(path, "3 :c\n4 :d-half");
    ASSERT_TRUE(store.refresh());
    EXPECT_EQ(store.uid_of("c"), 3u);
    EXPECT_FALSE(store.uid_of("d-half"));
    EXPECT_FALSE(store.can_append());  // an unfinished line: a writer must rewrite
    EXPECT_EQ(store.generation(), generation);
    EXPECT_GT(store.changes(), changes);
    append_text(path, "\n");
    ASSERT_TRUE(store.refresh());
    EXPECT_EQ(store.uid_of("d-half"), 4u);
    EXPECT_TRUE(store.can_append());
    EXPECT_EQ(store.header().next_uid, 5u);

    // Our own append and rewrite need no reading back.
    ASSERT_TRUE(store.append({{5, "", "e"}}, false));
    EXPECT_EQ(store.uid_of("e"), 5u);
    auto full = store.full_list();
    ASSERT_TRUE(full);
    Uidlist list = *full;
    list.records.erase(list.records.begin());
    ASSERT_TRUE(store.write(list, 0600, false));
    EXPECT_FALSE(store.uid_of("a"));
    EXPECT_GT(store.generation(), generation);

    // A replacement by someone else is read whole, even when it is the same size.
    UidlistStore other(path);
    ASSERT_TRUE(other.refresh());
    EXPECT_EQ(other.uid_of("e"), 5u);
    write_text(path + ".new", "3 V5 N9 G0123456789abcdef0123456789abcdef\n2 :b\n3 :c\n4 :X-half\n8 :e\n");
    ASSERT_EQ(::rename((path + ".new").c_str(), path.c_str()), 0);
    ASSERT_TRUE(other.refresh());
    EXPECT_FALSE(other.uid_of("d-half"));
    EXPECT_EQ(other.uid_of("e"), 8u);
    EXPECT_EQ(other.header().next_uid, 9u);
}

}  // namespace
}  // namespace roost::storage::maildir
