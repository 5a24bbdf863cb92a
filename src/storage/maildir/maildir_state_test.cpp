// File-system tests of roost-maildir-state: a mailbox at rest opens from it without a listing,
// and every change another program can make is seen instead of the snapshot.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>

#include "storage/file_util.hpp"
#include "storage/maildir/maildir_filename.hpp"
#include "storage/maildir/maildir_mailbox.hpp"
#include "storage/maildir/uidlist.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::maildir {
namespace {

using namespace roost::storage::testing;

void set_mtime(const std::string& dir, std::int64_t secs)
{
    const struct timespec times[2] = {{secs, 0}, {secs, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, dir.c_str(), times, 0), 0);
}

std::string file_named(const std::string& root, std::uint32_t uid)
{
    auto list = parse_uidlist(read_text(root + "/dovecot-uidlist"));
    EXPECT_TRUE(list);
    for (const auto& r : list->records) {
        if (r.uid != uid) {
            continue;
        }
        for (const char* sub : {"new", "cur"}) {
            for (const std::string& name : files_in(root + "/" + sub)) {
                if (maildir_base(name) == r.base) {
                    return std::string(sub) + "/" + name;
                }
            }
        }
    }
    return "";
}

struct Seen {
    std::uint32_t uid;
    std::uint8_t flags;
    std::uint64_t keywords;
    std::uint64_t size;
    std::int64_t date;
    bool operator==(const Seen&) const = default;
};

std::vector<Seen> contents(const Mailbox& box)
{
    std::vector<Seen> out;
    for (std::uint32_t seq = 1; seq <= box.count(); ++seq) {
        const MessageInfo& m = box.message(seq);
        out.push_back({m.uid, m.flags.storable().bits(), m.keywords, m.size, m.internal_date});
    }
    return out;
}

class MaildirStateTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        root_ = tmp_.path() + "/Maildir";
        storage_ = open_maildir(root_);
        ASSERT_NE(storage_, nullptr);
        auto box = open_box(*storage_, "INBOX");
        ASSERT_NE(box, nullptr);
        append_text(*box, message_text("a"), Flag::Seen, {}, 1'600'000'000);
        append_text(*box, message_text("b"), {}, {"work"}, 1'600'000'100);
        append_text(*box, message_text("c", "longer body\n"), Flag::Answered, {}, 1'600'000'200);
        ASSERT_TRUE(box->sync());
        expected_ = contents(*box);
    }
    // A new session's open (as in another process: nothing is shared between them).
    std::unique_ptr<MaildirMailbox> open(bool read_only = false)
    {
        auto box = open_box(*storage_, "INBOX", read_only);
        if (box == nullptr) {
            return nullptr;
        }
        return std::unique_ptr<MaildirMailbox>(dynamic_cast<MaildirMailbox*>(box.release()));
    }
    // Makes the directories look unchanged for a while, then lets a session list them: the
    // snapshot that listing leaves is one the next session can trust.
    void settle()
    {
        const std::int64_t old = ::time(nullptr) - 100;
        set_mtime(root_ + "/new", old);
        set_mtime(root_ + "/cur", old);
        auto box = open();
        ASSERT_NE(box, nullptr);
        EXPECT_FALSE(box->last_read_from_state());
    }
    std::string state_path() const { return root_ + "/roost-maildir-state"; }

    TempDir tmp_;
    std::string root_;
    std::unique_ptr<Storage> storage_;
    std::vector<Seen> expected_;
};

TEST_F(MaildirStateTest, AtRestOpensWithoutListing)
{
    settle();
    ASSERT_TRUE(std::filesystem::is_regular_file(state_path()));
    auto box = open();
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->last_read_from_state());
    EXPECT_EQ(contents(*box), expected_);
    EXPECT_EQ(box->uidnext(), 4u);
    EXPECT_EQ(*box->read_message(3), message_text("c", "longer body\n"));
    ASSERT_EQ(box->keywords().size(), 1u);
    // The session goes on as any other: a sync with nothing changed reads nothing, its own
    // changes and saves continue the UIDs.
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_TRUE(synced->expunged_uids.empty());
    ASSERT_TRUE(box->store({2}, StoreMode::Add, Flag::Flagged, {}));
    EXPECT_EQ(append_text(*box, message_text("d")), 4u);
    ASSERT_TRUE(box->sync());
    EXPECT_EQ(box->count(), 4u);
    auto other = open();
    ASSERT_NE(other, nullptr);
    EXPECT_FALSE(other->last_read_from_state());
    EXPECT_EQ(contents(*other), contents(*box));
}

TEST_F(MaildirStateTest, ReadOnlySessionsUseItToo)
{
    settle();
    auto box = open(true);
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->last_read_from_state());
    EXPECT_EQ(contents(*box), expected_);
}

TEST_F(MaildirStateTest, TooSoonAfterAChangeIsNotTrusted)
{
    // The appends just changed the directories: a listing now may have missed a change made
    // in the same timestamp tick, so the snapshot it leaves is not trusted alone.
    auto first = open();
    ASSERT_NE(first, nullptr);
    EXPECT_FALSE(first->last_read_from_state());
    auto second = open();
    ASSERT_NE(second, nullptr);
    EXPECT_FALSE(second->last_read_from_state());
    EXPECT_EQ(contents(*second), expected_);
}

TEST_F(MaildirStateTest, ARenameByAnotherProgramIsSeen)
{
    settle();
    // mutt flags message 1.
    const std::string f = file_named(root_, 1);
    ASSERT_EQ(
        ::rename((root_ + "/" + f).c_str(),
                 (root_ + "/cur/" + std::string(maildir_base(f.substr(4))) + ":2,FS").c_str()),
        0);
    auto box = open();
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->last_read_from_state());
    ASSERT_EQ(box->count(), 3u);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Flagged));
    EXPECT_EQ(box->message(1).size, expected_[0].size);
}

TEST_F(MaildirStateTest, ADeliveryIntoNewIsSeen)
{
    settle();
    write_text(root_ + "/new/1700000000.M1P2.mx", "Subject: delivered\n\nbody\n");
    auto box = open();
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->last_read_from_state());
    ASSERT_EQ(box->count(), 4u);
    EXPECT_EQ(box->message(4).uid, 4u);
    EXPECT_EQ(*box->read_message(4), "Subject: delivered\n\nbody\n");
}

TEST_F(MaildirStateTest, AnUnlinkIsSeen)
{
    settle();
    ASSERT_EQ(::unlink((root_ + "/" + file_named(root_, 2)).c_str()), 0);
    auto box = open();
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->last_read_from_state());
    ASSERT_EQ(box->count(), 2u);
    EXPECT_EQ(box->message(1).uid, 1u);
    EXPECT_EQ(box->message(2).uid, 3u);
}

TEST_F(MaildirStateTest, ARewrittenUidlistIsSeen)
{
    settle();
    // Dovecot renumbers the messages (a new UIDVALIDITY) and replaces the file; the
    // directories do not change.
    auto list = parse_uidlist(read_text(root_ + "/dovecot-uidlist"));
    ASSERT_TRUE(list);
    list->uidvalidity += 7;
    for (auto& r : list->records) {
        r.uid += 10;
    }
    list->next_uid = 20;
    ASSERT_TRUE(
        write_file_atomic(root_ + "/dovecot-uidlist", serialize_uidlist(*list), 0600, false));
    auto box = open();
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->last_read_from_state());
    ASSERT_EQ(box->count(), 3u);
    EXPECT_EQ(box->uidvalidity(), list->uidvalidity);
    EXPECT_EQ(box->message(1).uid, 11u);
    EXPECT_EQ(box->message(3).uid, 13u);
    EXPECT_EQ(box->message(3).size, expected_[2].size);
    EXPECT_EQ(*box->read_message(13), message_text("c", "longer body\n"));
}

TEST_F(MaildirStateTest, AnAppendToTheUidlistIsSeen)
{
    settle();
    // Another program gave a UID to a file it is about to link in (the order Dovecot's
    // LDA uses with the uidlist locked): the uidlist grew, the directories not yet.
    std::string text = read_text(root_ + "/dovecot-uidlist");
    text += "4 :1700000000.M9P9.mx\n";
    write_text(root_ + "/dovecot-uidlist", text);
    auto box = open();
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->last_read_from_state());
    EXPECT_EQ(box->count(), 3u);
    EXPECT_GE(box->uidnext(), 5u);
}

TEST_F(MaildirStateTest, AChangedKeywordsFileIsSeen)
{
    settle();
    write_text(root_ + "/dovecot-keywords", "0 other\n");
    auto box = open();
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->last_read_from_state());
    EXPECT_EQ(contents(*box), expected_);
}

TEST_F(MaildirStateTest, DamagedTruncatedOrForeignSnapshotsAreIgnoredAndRewritten)
{
    settle();
    const std::string good = read_text(state_path());
    ASSERT_GT(good.size(), 100u);
    std::string damaged = good;
    damaged[good.size() / 2] = static_cast<char>(damaged[good.size() / 2] ^ 1);
    const std::vector<std::string> bad = {damaged, good.substr(0, good.size() - 9), "", "3 V1 N1\n",
                                          good + "more"};
    for (const std::string& b : bad) {
        write_text(state_path(), b);
        auto box = open();
        ASSERT_NE(box, nullptr);
        EXPECT_FALSE(box->last_read_from_state());
        EXPECT_EQ(contents(*box), expected_);
        // ... and replaced by a good one: the next session trusts that.
        auto next = open();
        ASSERT_NE(next, nullptr);
        EXPECT_TRUE(next->last_read_from_state());
        EXPECT_EQ(contents(*next), expected_);
    }
}

TEST_F(MaildirStateTest, AFileRenamedAfterTheOpenIsFollowed)
{
    settle();
    auto box = open();
    ASSERT_NE(box, nullptr);
    ASSERT_TRUE(box->last_read_from_state());
    const std::string f = file_named(root_, 3);
    ASSERT_EQ(
        ::rename((root_ + "/" + f).c_str(),
                 (root_ + "/cur/" + std::string(maildir_base(f.substr(4))) + ":2,RS").c_str()),
        0);
    EXPECT_EQ(*box->read_message(3), message_text("c", "longer body\n"));
    ASSERT_EQ(::unlink((root_ + "/" + file_named(root_, 3)).c_str()), 0);
    auto gone = box->read_message(3);
    EXPECT_FALSE(gone);
}

TEST_F(MaildirStateTest, ADeliveryAfterTheOpenGetsTheNextUid)
{
    settle();
    auto box = open();
    ASSERT_NE(box, nullptr);
    ASSERT_TRUE(box->last_read_from_state());
    // Another session delivers two messages; ours then sees them under the next UIDs and
    // saves its own after them: no UID is lost, reused or out of order.
    {
        auto other = open();
        ASSERT_NE(other, nullptr);
        EXPECT_EQ(append_text(*other, message_text("x")), 4u);
        EXPECT_EQ(append_text(*other, message_text("y")), 5u);
    }
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    ASSERT_EQ(box->count(), 5u);
    EXPECT_EQ(box->message(5).uid, 5u);
    EXPECT_EQ(append_text(*box, message_text("z")), 6u);
    auto list = parse_uidlist(read_text(root_ + "/dovecot-uidlist"));
    ASSERT_TRUE(list);
    ASSERT_EQ(list->records.size(), 6u);
    for (std::uint32_t i = 0; i < 6; ++i) {
        EXPECT_EQ(list->records[i].uid, i + 1);
    }
}

TEST_F(MaildirStateTest, NoSnapshotWhenTheIndexIsInMemory)
{
    TempDir other;
    auto storage = open_maildir(other.path() + "/Maildir", ":INDEX=MEMORY");
    ASSERT_NE(storage, nullptr);
    auto box = open_box(*storage, "INBOX");
    ASSERT_NE(box, nullptr);
    append_text(*box, message_text("a"));
    ASSERT_TRUE(box->sync());
    EXPECT_FALSE(std::filesystem::is_regular_file(other.path() + "/Maildir/roost-maildir-state"));
}

}  // namespace
}  // namespace roost::storage::maildir
