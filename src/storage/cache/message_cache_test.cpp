// Tests of MessageCache: several instances on one file stand for several processes (and real
// child processes where it matters: two writers appending at once).
#include "storage/cache/message_cache.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::cache {
namespace {

using storage::testing::TempDir;
using storage::testing::read_text;
using storage::testing::write_text;

CachedMessage fields_for(std::uint32_t uid)
{
    CachedMessage m;
    m[CacheField::Envelope] = "(NIL \"subject " + std::to_string(uid) + "\")";
    m[CacheField::BodyStructure] = "(\"text\" \"plain\" " + std::to_string(uid) + ")";
    m[CacheField::Header] = "Subject: subject " + std::to_string(uid) + "\n\n";
    return m;
}

bool all_alive(std::uint32_t /*uid*/) { return true; }

std::uint64_t file_size(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void append_bytes(const std::string& path, const std::string& bytes)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    ::close(fd);
}

class MessageCacheTest : public ::testing::Test {
protected:
    std::string path() const { return tmp_.path() + "/idx/roost-cache"; }
    TempDir tmp_;
};

TEST_F(MessageCacheTest, MissThenAddThenFoundByAnotherProcess)
{
    MessageCache a(path(), 7, all_alive);
    a.refresh();
    EXPECT_FALSE(a.find(1));
    for (std::uint32_t uid = 1; uid <= 100; ++uid) {
        a.add(uid, fields_for(uid));
    }
    EXPECT_EQ(a.find(50), fields_for(50));  // queued records are found before they are written
    ASSERT_TRUE(a.flush());
    MessageCache b(path(), 7, all_alive);
    b.refresh();
    EXPECT_EQ(b.stats().records, 100u);
    for (std::uint32_t uid = 1; uid <= 100; ++uid) {
        ASSERT_EQ(b.find(uid), fields_for(uid)) << uid;
    }
    EXPECT_FALSE(b.find(101));
}

TEST_F(MessageCacheTest, ReaderTakesInOnlyWhatWasAppended)
{
    MessageCache writer(path(), 7, all_alive);
    MessageCache reader(path(), 7, all_alive);
    writer.add(1, fields_for(1));
    ASSERT_TRUE(writer.flush());
    reader.refresh();
    EXPECT_EQ(reader.stats().records, 1u);
    writer.add(2, fields_for(2));
    writer.add(3, fields_for(3));
    ASSERT_TRUE(writer.flush());
    EXPECT_FALSE(reader.contains(3));  // not until refresh()
    reader.refresh();
    EXPECT_EQ(reader.stats().records, 3u);
    EXPECT_EQ(reader.find(3), fields_for(3));
    EXPECT_EQ(reader.find(1), fields_for(1));
}

TEST_F(MessageCacheTest, TwoWritersInterleavedAndAReaderSeesBoth)
{
    MessageCache a(path(), 7, all_alive);
    MessageCache b(path(), 7, all_alive);
    for (std::uint32_t round = 0; round < 10; ++round) {
        a.add(round * 2 + 1, fields_for(round * 2 + 1));
        ASSERT_TRUE(a.flush());
        b.add(round * 2 + 2, fields_for(round * 2 + 2));
        b.add(round * 2 + 1, fields_for(round * 2 + 1));  // both missed it: a duplicate
        ASSERT_TRUE(b.flush());
    }
    MessageCache reader(path(), 7, all_alive);
    reader.refresh();
    EXPECT_EQ(reader.stats().records, 30u);
    EXPECT_EQ(reader.stats().indexed, 30u);
    for (std::uint32_t uid = 1; uid <= 20; ++uid) {
        EXPECT_EQ(reader.find(uid), fields_for(uid)) << uid;
    }
    EXPECT_EQ(reader.stats().indexed, 20u);  // duplicates folded on lookup
}

TEST_F(MessageCacheTest, TwoProcessesAppendingAtOnceLoseNothing)
{
    constexpr std::uint32_t kPerChild = 2000;
    pid_t children[2];
    for (int c = 0; c < 2; ++c) {
        children[c] = ::fork();
        ASSERT_GE(children[c], 0);
        if (children[c] == 0) {
            MessageCache w(path(), 7, all_alive);
            for (std::uint32_t i = 1; i <= kPerChild; ++i) {
                const std::uint32_t uid = i * 2 - static_cast<std::uint32_t>(c);
                w.add(uid, fields_for(uid));
                if (i % 16 == 0 && !w.flush(false)) {
                    ::_exit(1);
                }
            }
            ::_exit(w.flush(false) ? 0 : 1);
        }
    }
    // Meanwhile a reader keeps taking in what is there: never a wrong record.
    MessageCache reader(path(), 7, all_alive);
    for (int i = 0; i < 200; ++i) {
        reader.refresh();
        for (std::uint32_t uid = 1; uid <= 2 * kPerChild; uid += 97) {
            if (auto got = reader.find(uid)) {
                ASSERT_EQ(*got, fields_for(uid));
            }
        }
    }
    for (const pid_t child : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    reader.refresh();
    EXPECT_EQ(reader.stats().records, 2 * kPerChild);
    for (std::uint32_t uid = 1; uid <= 2 * kPerChild; ++uid) {
        ASSERT_EQ(reader.find(uid), fields_for(uid)) << uid;
    }
}

TEST_F(MessageCacheTest, TornTailIsIgnoredThenCutOffByTheNextWriter)
{
    MessageCache a(path(), 7, all_alive);
    a.add(1, fields_for(1));
    a.add(2, fields_for(2));
    ASSERT_TRUE(a.flush());
    const std::uint64_t good = file_size(path());
    std::string record;
    encode_record(record, 3, fields_for(3));
    append_bytes(path(), record.substr(0, record.size() / 2));  // a writer killed mid-write

    MessageCache reader(path(), 7, all_alive);
    reader.refresh();
    EXPECT_EQ(reader.stats().records, 2u);
    EXPECT_EQ(reader.find(2), fields_for(2));
    EXPECT_FALSE(reader.find(3));

    MessageCache b(path(), 7, all_alive);
    b.add(4, fields_for(4));
    ASSERT_TRUE(b.flush());
    std::string expected_tail;
    encode_record(expected_tail, 4, fields_for(4));
    EXPECT_EQ(file_size(path()), good + expected_tail.size());
    reader.refresh();
    EXPECT_EQ(reader.find(4), fields_for(4));
    EXPECT_EQ(reader.stats().records, 3u);
}

TEST_F(MessageCacheTest, DamagedRecordIsAMissAndTheFileStartsOver)
{
    MessageCache a(path(), 7, all_alive);
    for (std::uint32_t uid = 1; uid <= 10; ++uid) {
        a.add(uid, fields_for(uid));
    }
    ASSERT_TRUE(a.flush());
    std::string bytes = read_text(path());
    bytes[bytes.size() / 2] ^= 0x55;
    write_text(path(), bytes);  // a new inode, as any editor would leave it

    MessageCache reader(path(), 7, all_alive);
    reader.refresh();
    int found = 0;
    for (std::uint32_t uid = 1; uid <= 10; ++uid) {
        if (auto got = reader.find(uid)) {
            EXPECT_EQ(*got, fields_for(uid));
            ++found;
        }
    }
    EXPECT_LT(found, 10);
    reader.add(11, fields_for(11));
    ASSERT_TRUE(reader.flush());
    EXPECT_EQ(reader.stats().restarts, 1u);
    MessageCache again(path(), 7, all_alive);
    again.refresh();
    EXPECT_EQ(again.stats().records, 1u);
    EXPECT_EQ(again.find(11), fields_for(11));
    EXPECT_FALSE(again.find(1));
}

TEST_F(MessageCacheTest, GarbageFileAndOtherUidvalidityStartOver)
{
    ASSERT_EQ(::mkdir((tmp_.path() + "/idx").c_str(), 0700), 0);
    write_text(path(), "this is not a cache file at all\n");
    MessageCache a(path(), 7, all_alive);
    a.refresh();
    EXPECT_FALSE(a.find(1));
    a.add(1, fields_for(1));
    ASSERT_TRUE(a.flush());
    EXPECT_EQ(a.stats().restarts, 1u);

    MessageCache old_generation(path(), 6, all_alive);
    old_generation.refresh();
    EXPECT_FALSE(old_generation.find(1));  // UID 1 of UIDVALIDITY 7 is another message
    old_generation.add(1, fields_for(100));
    ASSERT_TRUE(old_generation.flush());
    a.refresh();
    EXPECT_FALSE(a.find(1));
}

TEST_F(MessageCacheTest, DeletedFileIsRecreated)
{
    MessageCache a(path(), 7, all_alive);
    a.add(1, fields_for(1));
    ASSERT_TRUE(a.flush());
    ASSERT_EQ(::unlink(path().c_str()), 0);
    a.refresh();
    EXPECT_FALSE(a.find(1));
    a.add(2, fields_for(2));
    ASSERT_TRUE(a.flush());
    MessageCache b(path(), 7, all_alive);
    b.refresh();
    EXPECT_EQ(b.find(2), fields_for(2));
    EXPECT_EQ(b.stats().records, 1u);
}

TEST_F(MessageCacheTest, ExpungedRecordsAreCompactedAway)
{
    std::uint32_t first_alive = 1;
    MessageCache a(path(), 7, [&](std::uint32_t uid) { return uid >= first_alive; });
    MessageCache reader(path(), 7, all_alive);
    for (std::uint32_t uid = 1; uid <= 400; ++uid) {
        a.add(uid, fields_for(uid));
    }
    ASSERT_TRUE(a.flush());
    reader.refresh();
    const std::uint64_t full = file_size(path());
    first_alive = 51;  // 50 of 400 dead: below a quarter, no rewrite
    a.add(401, fields_for(401));
    ASSERT_TRUE(a.flush());
    EXPECT_EQ(a.stats().compactions, 0u);
    first_alive = 201;  // half dead
    a.add(402, fields_for(402));
    ASSERT_TRUE(a.flush());
    EXPECT_EQ(a.stats().compactions, 1u);
    EXPECT_EQ(a.stats().records, 202u);
    EXPECT_LT(file_size(path()), full * 2 / 3);
    EXPECT_FALSE(a.find(1));
    EXPECT_EQ(a.find(300), fields_for(300));
    // The reader still holds the old file; it notices the replacement.
    reader.refresh();
    EXPECT_EQ(reader.stats().records, 202u);
    EXPECT_EQ(reader.find(402), fields_for(402));
    EXPECT_FALSE(reader.find(2));
}

TEST_F(MessageCacheTest, CompactsWithNothingQueuedOnceMessagesWereExpunged)
{
    std::uint32_t first_alive = 1;
    MessageCache a(
        path(), 7, [&](std::uint32_t uid) { return uid >= first_alive; },
        [&] { return static_cast<std::size_t>(201 - first_alive); });
    for (std::uint32_t uid = 1; uid <= 200; ++uid) {
        a.add(uid, fields_for(uid));
    }
    ASSERT_TRUE(a.flush());
    ASSERT_TRUE(a.flush());  // nothing queued, nothing dead: nothing to do
    EXPECT_EQ(a.stats().compactions, 0u);
    first_alive = 151;
    a.refresh();
    ASSERT_TRUE(a.flush(false));  // not allowed to compact
    EXPECT_EQ(a.stats().compactions, 0u);
    ASSERT_TRUE(a.flush());
    EXPECT_EQ(a.stats().compactions, 1u);
    MessageCache reader(path(), 7, all_alive);
    reader.refresh();
    EXPECT_EQ(reader.stats().records, 50u);
    EXPECT_EQ(reader.find(151), fields_for(151));
}

TEST_F(MessageCacheTest, UnwritableFileIsReadAndReportedOnce)
{
    if (::geteuid() == 0) {
        GTEST_SKIP() << "root can write anything";
    }
    MessageCache a(path(), 7, all_alive);
    a.add(1, fields_for(1));
    ASSERT_TRUE(a.flush());
    ASSERT_EQ(::chmod(path().c_str(), 0400), 0);
    MessageCache b(path(), 7, all_alive);
    b.refresh();
    EXPECT_EQ(b.find(1), fields_for(1));
    b.add(2, fields_for(2));
    EXPECT_FALSE(b.flush());
    b.add(3, fields_for(3));
    EXPECT_TRUE(b.flush());  // read-only from now on: nothing queued, nothing said
    EXPECT_FALSE(b.contains(3));
}

TEST_F(MessageCacheTest, TwoHundredThousandMessages)
{
    constexpr std::uint32_t kCount = 200000;
    {
        MessageCache w(path(), 7, all_alive);
        for (std::uint32_t uid = 1; uid <= kCount; ++uid) {
            w.add(uid, fields_for(uid));
        }
        ASSERT_TRUE(w.flush());
    }
    MessageCache r(path(), 7, all_alive);
    r.refresh();
    EXPECT_EQ(r.stats().indexed, kCount);
    for (std::uint32_t uid = 1; uid <= kCount; uid += 9973) {
        ASSERT_EQ(r.find(uid), fields_for(uid));
    }
    EXPECT_EQ(r.find(kCount), fields_for(kCount));
}

}  // namespace
}  // namespace roost::storage::cache
