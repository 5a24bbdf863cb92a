#include "lda/tracking_store.hpp"

#include <gtest/gtest.h>

#include "storage/testing/storage_test_support.hpp"

namespace roost::lda {
namespace {

using storage::testing::TempDir;

TEST(TrackingStore, RemembersUntilExpiryAcrossInstances)
{
    TempDir dir;
    const std::string path = dir.path() + "/.roost.lda-dupes";
    {
        TrackingStore t(path);
        EXPECT_FALSE(t.active("vacation:bob", 1000));
        t.record("vacation:bob", 1000 + 86400, true);
        EXPECT_TRUE(t.active("vacation:bob", 1000));
        ASSERT_TRUE(t.commit(1000).ok());
    }
    TrackingStore again(path);
    EXPECT_TRUE(again.active("vacation:bob", 2000));
    EXPECT_FALSE(again.active("vacation:carol", 2000));
    EXPECT_FALSE(again.active("vacation:bob", 1000 + 86400));
}

TEST(TrackingStore, FirstPeriodKeptUnlessRestarted)
{
    TempDir dir;
    const std::string path = dir.path() + "/t";
    TrackingStore a(path);
    a.record("duplicate:id1", 500, false);
    a.record("duplicate:id2", 500, false);
    ASSERT_TRUE(a.commit(100).ok());

    TrackingStore b(path);
    b.record("duplicate:id1", 900, false);  // still active: keeps 500
    b.record("duplicate:id2", 900, true);   // :last restarts the period
    ASSERT_TRUE(b.commit(200).ok());

    TrackingStore c(path);
    EXPECT_FALSE(c.active("duplicate:id1", 600));
    EXPECT_TRUE(c.active("duplicate:id2", 600));
}

TEST(TrackingStore, ConcurrentWritersMergeAndExpiredEntriesGo)
{
    TempDir dir;
    const std::string path = dir.path() + "/t";
    TrackingStore one(path);
    TrackingStore two(path);
    one.record("k1", 1000, true);
    two.record("k2", 1000, true);
    two.record("old", 150, true);
    ASSERT_TRUE(one.commit(100).ok());
    ASSERT_TRUE(two.commit(100).ok());
    TrackingStore later(path);
    EXPECT_TRUE(later.active("k1", 200));
    EXPECT_TRUE(later.active("k2", 200));
    later.record("k3", 1000, true);
    ASSERT_TRUE(later.commit(200).ok());
    EXPECT_EQ(storage::testing::read_text(path).find("150 "), std::string::npos);
}

TEST(TrackingStore, DamagedLinesAreSkipped)
{
    TempDir dir;
    const std::string path = dir.path() + "/t";
    TrackingStore a(path);
    a.record("good", 5000, true);
    ASSERT_TRUE(a.commit(100).ok());
    storage::testing::write_text(path, "garbage\nnot-a-number abc\n" + storage::testing::read_text(path));
    TrackingStore b(path);
    EXPECT_TRUE(b.active("good", 200));
}

}  // namespace
}  // namespace roost::lda
