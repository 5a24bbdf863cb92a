// File-system tests of MaildirMailbox: saving, flags, keywords, expunge, copy and move, what
// other programs change underneath, \Recent, MODSEQs and Dovecot's control files.
#include "storage/maildir/maildir_mailbox.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include "storage/file_util.hpp"
#include "storage/maildir/keywords_file.hpp"
#include "storage/maildir/maildir_filename.hpp"
#include "storage/maildir/uidlist.hpp"
#include "storage/storage_error.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::maildir {
namespace {

using namespace roost::storage::testing;

Uidlist read_uidlist(const std::string& dir)
{
    auto list = parse_uidlist(read_text(dir + "/dovecot-uidlist"));
    EXPECT_TRUE(list) << (list ? "" : list.error().message);
    return list ? *list : Uidlist{};
}

// "new/<name>" or "cur/<name>" of the file whose base is `base`, or "" when there is none.
std::string find_file(const std::string& dir, std::string_view base)
{
    for (const char* sub : {"new", "cur"}) {
        for (const std::string& name : files_in(dir + "/" + sub)) {
            if (maildir_base(name) == base) {
                return std::string(sub) + "/" + name;
            }
        }
    }
    return "";
}

std::string file_of_uid(const std::string& dir, std::uint32_t uid)
{
    for (const auto& r : read_uidlist(dir).records) {
        if (r.uid == uid) {
            return find_file(dir, r.base);
        }
    }
    return "";
}

class MaildirMailboxTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        root_ = tmp_.path() + "/Maildir";
        storage_ = open_maildir(root_);
        ASSERT_NE(storage_, nullptr);
    }
    std::unique_ptr<Mailbox> inbox(bool read_only = false)
    {
        return open_box(*storage_, "INBOX", read_only);
    }

    TempDir tmp_;
    std::string root_;
    std::unique_ptr<Storage> storage_;
};

TEST_F(MaildirMailboxTest, AppendWritesADovecotUidlist)
{
    auto box = inbox();
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(is_directory(root_ + "/tmp") && is_directory(root_ + "/new"));
    const std::string m1 = message_text("one");
    const std::string m2 = message_text("two", "line\r\nline\n");
    EXPECT_EQ(append_text(*box, m1), 1u);
    EXPECT_EQ(append_text(*box, m2), 2u);
    EXPECT_TRUE(files_in(root_ + "/tmp").empty());

    const Uidlist list = read_uidlist(root_);
    EXPECT_EQ(list.next_uid, 3u);
    EXPECT_EQ(list.guid.size(), 32u);
    EXPECT_GE(list.uidvalidity, 1700000000u);
    ASSERT_EQ(list.records.size(), 2u);
    const std::string text = read_text(root_ + "/dovecot-uidlist");
    EXPECT_EQ(text.substr(0, 2), "3 ");
    EXPECT_NE(text.find("\n1 :" + list.records[0].base + "\n"), std::string::npos);
    // Dovecot's size fields are in the name.
    const MaildirName n2 = parse_maildir_name(list.records[1].base);
    EXPECT_EQ(n2.size, m2.size());
    EXPECT_EQ(n2.vsize, m2.size() + 5);  // five bare LFs
    EXPECT_EQ(find_file(root_, list.records[0].base).substr(0, 4), "new/");

    // Not in the view before a sync; then both, with their data.
    EXPECT_EQ(box->count(), 0u);
    auto synced = box->sync();
    ASSERT_TRUE(synced) << synced.error().message;
    EXPECT_EQ(synced->exists, 2u);
    ASSERT_EQ(box->count(), 2u);
    EXPECT_EQ(box->message(1).uid, 1u);
    EXPECT_EQ(box->message(2).size, m2.size());
    EXPECT_EQ(box->message(2).vsize(), m2.size() + 5);
    EXPECT_EQ(box->uidnext(), 3u);
    EXPECT_EQ(box->uidvalidity(), list.uidvalidity);
    EXPECT_EQ(*box->read_message(2), m2);
    auto file = box->open_message(1);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->size, m1.size());
    EXPECT_TRUE(file->fd.valid());
    EXPECT_NEAR(static_cast<double>(box->message(1).internal_date),
                static_cast<double>(::time(nullptr)), 5.0);
    auto missing = box->read_message(7);
    ASSERT_FALSE(missing);
    EXPECT_EQ(storage_code_of(missing.error()), StorageError::Expunged);
}

TEST_F(MaildirMailboxTest, UidlistGrowsByAppendingAndHealsACutLine)
{
    auto box = inbox();
    append_text(*box, message_text("a"));
    const std::string before = read_text(root_ + "/dovecot-uidlist");
    append_text(*box, message_text("b"));
    // New records are appended as Dovecot appends them; the header's N may lag behind.
    const std::string after = read_text(root_ + "/dovecot-uidlist");
    EXPECT_EQ(after.substr(0, before.size()), before);
    EXPECT_EQ(read_uidlist(root_).next_uid, 3u);
    // A writer killed in the middle of a line: readers ignore the cut line, and the next
    // writer rewrites the file instead of appending after it.
    write_text(root_ + "/dovecot-uidlist", after + "3 :1795414711.M1P2.cut-sh");
    EXPECT_EQ(append_text(*box, message_text("c")), 3u);
    const std::string healed = read_text(root_ + "/dovecot-uidlist");
    EXPECT_EQ(healed.find("cut-sh"), std::string::npos);
    const Uidlist list = read_uidlist(root_);
    EXPECT_EQ(list.bad_lines, 0u);
    EXPECT_FALSE(list.partial_tail);
    EXPECT_EQ(list.records.size(), 3u);
    EXPECT_EQ(list.next_uid, 4u);
    EXPECT_NE(healed.substr(0, healed.find('\n')).find(" N4 "), std::string::npos);  // rewritten
}

TEST_F(MaildirMailboxTest, AppendWithFlagsKeywordsAndDate)
{
    auto box = inbox();
    const std::uint32_t uid = append_text(*box, message_text("flagged"), Flag::Seen | Flag::Flagged,
                                          {"$Label1", "Work"}, 1000000000);
    ASSERT_EQ(uid, 1u);
    const std::string rel = file_of_uid(root_, uid);
    ASSERT_EQ(rel.substr(0, 4), "cur/");
    EXPECT_EQ(rel.substr(rel.find(':')), ":2,FSab");
    EXPECT_EQ(read_text(root_ + "/dovecot-keywords"), "0 $Label1\n1 Work\n");
    struct stat st {};
    ASSERT_EQ(::stat((root_ + "/" + rel).c_str(), &st), 0);
    EXPECT_EQ(st.st_mtime, 1000000000);

    ASSERT_TRUE(box->sync());
    const MessageInfo& m = box->message(1);
    EXPECT_TRUE(m.flags.has(Flag::Seen) && m.flags.has(Flag::Flagged));
    EXPECT_EQ(m.internal_date, 1000000000);
    EXPECT_EQ(box->keyword_names(m.keywords), (std::vector<std::string>{"$Label1", "Work"}));
    // A keyword spelt in another case is the same keyword.
    EXPECT_EQ(append_text(*box, message_text("x"), {}, {"work"}), 2u);
    EXPECT_EQ(read_text(root_ + "/dovecot-keywords"), "0 $Label1\n1 Work\n");
    auto bad = box->append(AppendRequest{"x", {}, {"bad keyword"}, std::nullopt});
    ASSERT_FALSE(bad);
    EXPECT_EQ(storage_code_of(bad.error()), StorageError::BadName);
}

TEST_F(MaildirMailboxTest, StoreRenamesAndRaisesModseq)
{
    auto box = inbox();
    append_text(*box, message_text("a"));
    append_text(*box, message_text("b"));
    ASSERT_TRUE(box->sync());
    const std::uint64_t before = box->highest_modseq();

    auto changed = box->store({1, 2, 99}, StoreMode::Add, Flag::Answered | Flag::Recent, {"Todo"});
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(*changed, (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(file_of_uid(root_, 1).substr(0, 4), "cur/");
    EXPECT_EQ(file_of_uid(root_, 1).substr(file_of_uid(root_, 1).find(':')), ":2,Ra");
    EXPECT_TRUE(box->message(1).flags.has(Flag::Answered));
    EXPECT_GT(box->message(2).modseq, box->message(1).modseq);
    EXPECT_GT(box->message(1).modseq, before);
    EXPECT_EQ(box->highest_modseq(), box->message(2).modseq);

    // Nothing to change: no rename, no MODSEQ.
    const std::uint64_t high = box->highest_modseq();
    changed = box->store({1}, StoreMode::Add, Flag::Answered, {});
    ASSERT_TRUE(changed);
    EXPECT_TRUE(changed->empty());
    EXPECT_EQ(box->highest_modseq(), high);

    changed = box->store({1}, StoreMode::Replace, Flag::Seen, {});
    ASSERT_TRUE(changed);
    EXPECT_EQ(file_of_uid(root_, 1).substr(file_of_uid(root_, 1).find(':')), ":2,S");
    changed = box->store({2}, StoreMode::Remove, Flag::Answered, {"Todo", "Unknown"});
    ASSERT_TRUE(changed);
    EXPECT_EQ(file_of_uid(root_, 2).substr(file_of_uid(root_, 2).find(':')), ":2,");
    EXPECT_EQ(read_text(root_ + "/dovecot-keywords"), "0 Todo\n");  // removal creates nothing

    // The MODSEQs outlive the session.
    const std::uint64_t last = box->highest_modseq();
    auto again = inbox();
    EXPECT_EQ(again->highest_modseq(), last);
    EXPECT_EQ(again->message(1).modseq, box->message(1).modseq);

    auto ro = inbox(true);
    auto refused = ro->store({1}, StoreMode::Add, Flag::Deleted, {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(storage_code_of(refused.error()), StorageError::NotPossible);
}

TEST_F(MaildirMailboxTest, ExpungeNeverReusesUids)
{
    auto box = inbox();
    for (int i = 0; i < 3; ++i) {
        append_text(*box, message_text("m" + std::to_string(i)));
    }
    ASSERT_TRUE(box->sync());
    ASSERT_TRUE(box->store({1, 3}, StoreMode::Add, Flag::Deleted, {}));
    auto result = box->expunge_deleted();
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->expunged_uids, (std::vector<std::uint32_t>{3, 1}));
    EXPECT_EQ(result->expunged_seqs, (std::vector<std::uint32_t>{3, 1}));
    EXPECT_EQ(result->exists, 1u);
    EXPECT_EQ(box->message(1).uid, 2u);
    // The records of expunged files stay until they are many (as Dovecot keeps them): a
    // rewrite per expunge would cost a whole new file each time.
    const Uidlist list = read_uidlist(root_);
    ASSERT_EQ(list.records.size(), 3u);
    EXPECT_EQ(list.next_uid, 4u);
    EXPECT_EQ(files_in(root_ + "/new").size() + files_in(root_ + "/cur").size(), 1u);
    EXPECT_EQ(append_text(*box, message_text("after")), 4u);
    // Another session learns of the expunges at its sync.
    auto other = inbox();
    ASSERT_TRUE(other->sync());
    EXPECT_EQ(other->count(), 2u);
}

// Sets the mtime of `dir` to `secs` seconds since the epoch.
void set_mtime(const std::string& dir, std::int64_t secs)
{
    const struct timespec times[2] = {{secs, 0}, {secs, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, dir.c_str(), times, 0), 0);
}

TEST_F(MaildirMailboxTest, UnchangedDirectoriesAreNotListedAgain)
{
    auto box = inbox();
    append_text(*box, message_text("a"));
    append_text(*box, message_text("b"));
    ASSERT_TRUE(box->sync());
    // Directories last changed long ago: a listing of them can be trusted later.
    const std::int64_t old = ::time(nullptr) - 100;
    set_mtime(root_ + "/new", old);
    set_mtime(root_ + "/cur", old);
    ASSERT_TRUE(box->sync());
    // A change hidden from the mtimes is not seen: proof that nothing was listed.
    const std::string gone = file_of_uid(root_, 1);
    ASSERT_EQ(::unlink((root_ + "/" + gone).c_str()), 0);
    set_mtime(root_ + "/cur", old);
    set_mtime(root_ + "/new", old);
    ASSERT_TRUE(box->sync());
    EXPECT_EQ(box->count(), 2u);
    // Any real change moves an mtime, and is seen.
    set_mtime(root_ + "/cur", old + 1);
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->expunged_uids, (std::vector<std::uint32_t>{1}));
    // A change in the same timestamp tick as an earlier one leaves the mtime as it was (on
    // coarse clocks): a listing taken within a second of a change is trusted for a second
    // only, then taken again, so such a change is seen a second later at most.
    const std::int64_t now = ::time(nullptr);
    set_mtime(root_ + "/cur", now);
    ASSERT_TRUE(box->sync());
    const std::string other = file_of_uid(root_, 2);
    ASSERT_EQ(::unlink((root_ + "/" + other).c_str()), 0);
    set_mtime(root_ + "/cur", now);
    ASSERT_TRUE(box->sync());
    EXPECT_EQ(box->count(), 1u);
    ::usleep(1'100'000);
    ASSERT_TRUE(box->sync());
    EXPECT_EQ(box->count(), 0u);
}

TEST_F(MaildirMailboxTest, OwnChangesNeedNoListing)
{
    auto box = inbox();
    for (int i = 0; i < 3; ++i) {
        append_text(*box, message_text("m" + std::to_string(i)));
    }
    ASSERT_TRUE(box->sync());
    ASSERT_TRUE(box->store({1}, StoreMode::Add, Flag::Flagged, {}));
    ASSERT_TRUE(box->expunge({2}));
    const auto uid = append_text(*box, message_text("new"));
    // A file another program drops in behind an mtime we put back is not seen: proof that
    // the sync below did not list; everything we did ourselves is there all the same.
    struct stat st {};
    ASSERT_EQ(::stat((root_ + "/cur").c_str(), &st), 0);
    write_text(root_ + "/cur/1600000000.V801I2M3.hidden:2,S", "Subject: hidden\n\ny\n");
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, (root_ + "/cur").c_str(), times, 0), 0);
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    ASSERT_EQ(box->count(), 3u);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Flagged));
    EXPECT_EQ(box->message(2).uid, 3u);
    EXPECT_EQ(box->message(3).uid, uid);
    EXPECT_EQ(*box->read_message(uid), message_text("new"));
    // Another session's change moves the mtime and is seen at once.
    auto other = inbox();
    ASSERT_TRUE(other->sync());
    EXPECT_EQ(other->count(), 4u);  // it listed: the hidden file too
    ASSERT_TRUE(other->store({3}, StoreMode::Add, Flag::Seen, {}));
    synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->changed_uids, (std::vector<std::uint32_t>{3}));
    EXPECT_EQ(box->count(), 4u);
}

TEST_F(MaildirMailboxTest, GoneRecordsAreDroppedInBulk)
{
    auto box = inbox();
    for (int i = 0; i < 40; ++i) {
        append_text(*box, message_text("m" + std::to_string(i)));
    }
    ASSERT_TRUE(box->sync());
    std::vector<std::uint32_t> uids;
    for (std::uint32_t uid = 1; uid <= 20; ++uid) {
        uids.push_back(uid);
    }
    ASSERT_TRUE(box->expunge(uids));
    ASSERT_TRUE(box->sync());
    EXPECT_EQ(read_uidlist(root_).records.size(), 40u);  // 20 gone: below 16 + 40 / 4
    // Another process deletes seven more files: 27 gone passes the bound.
    for (std::uint32_t uid = 21; uid <= 27; ++uid) {
        ASSERT_EQ(::unlink((root_ + "/" + file_of_uid(root_, uid)).c_str()), 0);
    }
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->expunged_uids.size(), 7u);
    const Uidlist list = read_uidlist(root_);
    ASSERT_EQ(list.records.size(), 13u);
    EXPECT_EQ(list.records.front().uid, 28u);
    EXPECT_EQ(list.next_uid, 41u);
    EXPECT_EQ(append_text(*box, message_text("after")), 41u);
    auto other = inbox();
    ASSERT_TRUE(other->sync());
    EXPECT_EQ(other->count(), 14u);
}

TEST_F(MaildirMailboxTest, FilesFromOtherProgramsGetUids)
{
    auto box = inbox();
    append_text(*box, message_text("ours"));
    ASSERT_TRUE(box->sync());
    // Postfix's local delivery (or procmail) drops a file into new/.
    write_text(root_ + "/new/1700000000.V801I1M2.mx", "Subject: theirs\n\nx\n");
    write_text(root_ + "/cur/1600000000.V801I2M3.old:2,S", "Subject: old\n\ny\n");
    write_text(root_ + "/new/.hidden", "not mail");
    auto synced = box->sync();
    ASSERT_TRUE(synced) << synced.error().message;
    EXPECT_EQ(synced->exists, 3u);
    EXPECT_TRUE(synced->expunged_uids.empty());
    ASSERT_EQ(box->count(), 3u);
    // Older delivery first.
    EXPECT_EQ(box->message(2).uid, 2u);
    EXPECT_EQ(*box->read_message(2), "Subject: old\n\ny\n");
    EXPECT_TRUE(box->message(2).flags.has(Flag::Seen));
    EXPECT_EQ(*box->read_message(3), "Subject: theirs\n\nx\n");
    EXPECT_EQ(box->message(3).size, 19u);
    EXPECT_EQ(*box->virtual_size(3), 22u);  // counted from the file: no W= in its name
    EXPECT_EQ(read_uidlist(root_).next_uid, 4u);
}

TEST_F(MaildirMailboxTest, RenamesAndDeletesByOthers)
{
    auto box = inbox();
    append_text(*box, message_text("a"));
    append_text(*box, message_text("b"));
    ASSERT_TRUE(box->sync());
    ASSERT_TRUE(box->store({1, 2}, StoreMode::Add, Flag::Seen, {}));
    const std::uint64_t before = box->message(1).modseq;
    // mutt flags message 1 and deletes message 2.
    const std::string f1 = file_of_uid(root_, 1);
    const std::string f2 = file_of_uid(root_, 2);
    ASSERT_EQ(::rename((root_ + "/" + f1).c_str(),
                       (root_ + "/" + f1.substr(0, f1.find(':')) + ":2,FS").c_str()),
              0);
    ASSERT_EQ(::unlink((root_ + "/" + f2).c_str()), 0);
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->changed_uids, (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(synced->expunged_uids, (std::vector<std::uint32_t>{2}));
    EXPECT_EQ(synced->expunged_seqs, (std::vector<std::uint32_t>{2}));
    // The vanished file's record stays in dovecot-uidlist for now (its UID is never reused).
    EXPECT_EQ(read_uidlist(root_).records.size(), 2u);
    EXPECT_EQ(read_uidlist(root_).next_uid, 3u);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Flagged));
    EXPECT_GT(box->message(1).modseq, before);
    // A rename between our sync and our read is followed.
    const std::string cur = file_of_uid(root_, 1);
    ASSERT_EQ(::rename((root_ + "/" + cur).c_str(),
                       (root_ + "/" + cur.substr(0, cur.find(':')) + ":2,FRS").c_str()),
              0);
    EXPECT_EQ(*box->read_message(1), message_text("a"));
    // A store applies to the flags the file has now.
    ASSERT_EQ(::rename((root_ + "/" + file_of_uid(root_, 1)).c_str(),
                       (root_ + "/" + cur.substr(0, cur.find(':')) + ":2,DS").c_str()),
              0);
    ASSERT_TRUE(box->store({1}, StoreMode::Add, Flag::Deleted, {}));
    const std::string now = file_of_uid(root_, 1);
    EXPECT_EQ(now.substr(now.find(':')), ":2,DST");
}

TEST_F(MaildirMailboxTest, ReleasedCachesAreReadBack)
{
    auto box = inbox();
    append_text(*box, message_text("a"), {}, {}, 1700000000);
    append_text(*box, message_text("b", "two\nlines\n"), {}, {}, 1700000100);
    append_text(*box, message_text("c"), {}, {}, 1700000200);
    ASSERT_TRUE(box->sync());
    ASSERT_EQ(box->count(), 3u);
    const std::uint64_t size2 = box->message(2).size;
    const std::uint64_t modseq = box->highest_modseq();

    // Messages stay readable and keep their data; a sync with nothing new changes nothing.
    box->release_caches();
    EXPECT_EQ(box->highest_modseq(), modseq);
    EXPECT_EQ(*box->read_message(2), message_text("b", "two\nlines\n"));
    box->release_caches();
    auto synced = box->sync();
    ASSERT_TRUE(synced) << synced.error().message;
    EXPECT_TRUE(synced->changed_uids.empty());
    EXPECT_TRUE(synced->expunged_uids.empty());
    ASSERT_EQ(box->count(), 3u);
    EXPECT_EQ(box->message(2).size, size2);
    EXPECT_EQ(box->message(2).internal_date, 1700000100);
    EXPECT_EQ(box->highest_modseq(), modseq);

    // A STORE right after a release renames the file.
    box->release_caches();
    auto changed = box->store({1}, StoreMode::Add, Flag::Flagged, {});
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(*changed, (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(file_of_uid(root_, 1).substr(file_of_uid(root_, 1).find(':')), ":2,F");

    // What another session did meanwhile is seen, with the new message's own size and date.
    box->release_caches();
    auto other = inbox();
    const std::uint32_t fourth = append_text(*other, message_text("dd"), {}, {}, 1700000300);
    ASSERT_TRUE(other->expunge({3}));
    synced = box->sync();
    ASSERT_TRUE(synced) << synced.error().message;
    EXPECT_EQ(synced->expunged_uids, (std::vector<std::uint32_t>{3}));
    EXPECT_TRUE(synced->changed_uids.empty());
    ASSERT_EQ(box->count(), 3u);
    EXPECT_EQ(box->message(3).uid, fourth);
    EXPECT_EQ(box->message(3).size, message_text("dd").size());
    EXPECT_EQ(box->message(3).internal_date, 1700000300);
    EXPECT_EQ(box->message(2).internal_date, 1700000100);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Flagged));

    // Released again with nothing changed since: a sync reads nothing back. (The uidlist is
    // garbled in place, keeping its size: a sync that read it would find it broken.)
    const auto age = [](const std::string& dir) {
        const struct timespec old[2] = {{std::time(nullptr) - 10, 0}, {std::time(nullptr) - 10, 0}};
        ASSERT_EQ(::utimensat(AT_FDCWD, dir.c_str(), old, 0), 0);
    };
    const auto overwrite = [](const std::string& path, const std::string& text) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        ASSERT_GE(fd, 0);
        EXPECT_EQ(::pwrite(fd, text.data(), text.size(), 0), static_cast<ssize_t>(text.size()));
        ::close(fd);
    };
    age(root_ + "/new");
    age(root_ + "/cur");
    ASSERT_TRUE(box->sync());  // lists the directories, which changed long enough ago
    box->release_caches();
    const std::string uidlist = read_text(root_ + "/dovecot-uidlist");
    overwrite(root_ + "/dovecot-uidlist", std::string(uidlist.size(), 'x'));
    const std::uint32_t uidvalidity = box->uidvalidity();
    synced = box->sync();
    overwrite(root_ + "/dovecot-uidlist", uidlist);
    ASSERT_TRUE(synced) << synced.error().message;
    EXPECT_FALSE(synced->uidvalidity_changed);
    EXPECT_EQ(box->uidvalidity(), uidvalidity);
    EXPECT_EQ(box->count(), 3u);
    // ... and a change made after that is seen.
    const std::uint32_t fifth = append_text(*other, message_text("e"));
    synced = box->sync();
    ASSERT_TRUE(synced) << synced.error().message;
    ASSERT_EQ(box->count(), 4u);
    EXPECT_EQ(box->message(4).uid, fifth);

    // An EXPUNGE right after a release removes the file.
    box->release_caches();
    auto expunged = box->expunge({2});
    ASSERT_TRUE(expunged) << expunged.error().message;
    EXPECT_EQ(expunged->expunged_uids, (std::vector<std::uint32_t>{2}));
    EXPECT_EQ(file_of_uid(root_, 2), "");
    EXPECT_EQ(box->count(), 3u);
}

TEST_F(MaildirMailboxTest, OpensAMaildirDovecotWrote)
{
    // The Maildir Dovecot 2.3 left after two saves, a flag change and a keyword.
    ASSERT_TRUE(ensure_directories(root_ + "/cur", 0700));
    ASSERT_TRUE(ensure_directories(root_ + "/new", 0700));
    ASSERT_TRUE(ensure_directories(root_ + "/tmp", 0700));
    write_text(root_ + "/dovecot-uidlist",
               "3 V1795414711 N7 G86a95a32b7da036bb656000083ecc375\n"
               "5 :1795414711.M844576P22198.vm,S=20,W=23\n"
               "6 :1795414711.M907303P22200.vm,S=21,W=24\n");
    write_text(root_ + "/dovecot-keywords", "0 $Label1\n");
    write_text(root_ + "/new/1795414711.M844576P22198.vm,S=20,W=23:2,Sa",
               "Subject: one\n\nhello\n");
    write_text(root_ + "/new/1795414711.M907303P22200.vm,S=21,W=24", "Subject: two\n\nhello2\n");
    auto box = inbox();
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->uidvalidity(), 1795414711u);
    EXPECT_EQ(box->uidnext(), 7u);
    ASSERT_EQ(box->count(), 2u);
    EXPECT_EQ(box->message(1).uid, 5u);
    EXPECT_EQ(box->message(2).uid, 6u);
    EXPECT_EQ(box->message(1).flags.storable(), Flags(Flag::Seen));
    EXPECT_EQ(box->keyword_names(box->message(1).keywords), (std::vector<std::string>{"$Label1"}));
    EXPECT_EQ(box->message(1).vsize(), 23u);
    EXPECT_EQ(append_text(*box, message_text("roost")), 7u);
    const Uidlist list = read_uidlist(root_);
    EXPECT_EQ(list.uidvalidity, 1795414711u);
    EXPECT_EQ(list.guid, "86a95a32b7da036bb656000083ecc375");
    EXPECT_EQ(list.next_uid, 8u);
}

TEST_F(MaildirMailboxTest, RecentBelongsToOneSession)
{
    {
        auto box = inbox();
        append_text(*box, message_text("a"));
        append_text(*box, message_text("b"));
    }
    auto status = storage_->mailbox_status("INBOX", false);
    ASSERT_TRUE(status);
    EXPECT_EQ(status->recent, 2u);
    EXPECT_EQ(status->messages, 2u);
    EXPECT_EQ(status->unseen, 2u);
    EXPECT_EQ(status->first_unseen_seq, 1u);
    EXPECT_EQ(status->vsize, 0u);                    // not asked for
    EXPECT_EQ(files_in(root_ + "/new").size(), 2u);  // STATUS leaves new/ alone

    auto first = inbox();
    EXPECT_TRUE(first->message(1).flags.has(Flag::Recent));
    EXPECT_TRUE(first->message(2).flags.has(Flag::Recent));
    // Taken in: moved to cur/ with an empty info part.
    EXPECT_TRUE(files_in(root_ + "/new").empty());
    ASSERT_EQ(files_in(root_ + "/cur").size(), 2u);
    EXPECT_EQ(files_in(root_ + "/cur")[0].substr(files_in(root_ + "/cur")[0].find(':')), ":2,");

    auto second = inbox();
    EXPECT_FALSE(second->message(1).flags.has(Flag::Recent));
    append_text(*second, message_text("c"));
    ASSERT_TRUE(second->sync());
    EXPECT_TRUE(second->message(3).flags.has(Flag::Recent));
    ASSERT_TRUE(first->sync());
    EXPECT_FALSE(first->message(3).flags.has(Flag::Recent));
    EXPECT_TRUE(first->message(1).flags.has(Flag::Recent));  // still ours
    status = first->status(true);
    ASSERT_TRUE(status);
    EXPECT_EQ(status->recent, 2u);
    EXPECT_EQ(status->vsize, virtual_size(message_text("a")) + virtual_size(message_text("b")) +
                                 virtual_size(message_text("c")));
    EXPECT_EQ(storage_->mailbox_status("INBOX", false)->recent, 0u);
}

TEST_F(MaildirMailboxTest, CopyHardLinksAndMoveExpunges)
{
    ASSERT_TRUE(storage_->create_mailbox("Archive"));
    auto box = inbox();
    append_text(*box, message_text("a"), Flag::Seen, {"Work"}, 1200000000);
    append_text(*box, message_text("b"));
    ASSERT_TRUE(box->sync());
    auto archive = open_box(*storage_, "Archive");
    auto copied = box->copy({1, 2, 50}, *archive);
    ASSERT_TRUE(copied) << copied.error().message;
    ASSERT_EQ(copied->size(), 2u);
    EXPECT_EQ((*copied)[0].source_uid, 1u);
    EXPECT_EQ((*copied)[0].dest_uid, 1u);
    EXPECT_EQ((*copied)[1].dest_uid, 2u);
    struct stat a {};
    struct stat b {};
    ASSERT_EQ(::stat((root_ + "/" + file_of_uid(root_, 1)).c_str(), &a), 0);
    ASSERT_EQ(::stat((root_ + "/.Archive/" + file_of_uid(root_ + "/.Archive", 1)).c_str(), &b), 0);
    EXPECT_EQ(a.st_ino, b.st_ino);  // a hard link, not a copy
    ASSERT_TRUE(archive->sync());
    EXPECT_EQ(archive->count(), 2u);
    EXPECT_TRUE(archive->message(1).flags.has(Flag::Seen));
    EXPECT_EQ(archive->keyword_names(archive->message(1).keywords),
              (std::vector<std::string>{"Work"}));
    EXPECT_EQ(archive->message(1).internal_date, 1200000000);

    auto moved = box->move({2}, *archive);
    ASSERT_TRUE(moved);
    ASSERT_EQ(moved->size(), 1u);
    EXPECT_EQ((*moved)[0].dest_uid, 3u);
    EXPECT_EQ(box->count(), 1u);
    ASSERT_TRUE(archive->sync());
    EXPECT_EQ(archive->count(), 3u);
    EXPECT_EQ(*archive->read_message(3), message_text("b"));
}

TEST_F(MaildirMailboxTest, BrokenUidlistIsRebuiltWithANewUidvalidity)
{
    auto box = inbox();
    append_text(*box, message_text("a"));
    append_text(*box, message_text("b"));
    const std::uint32_t old = read_uidlist(root_).uidvalidity;
    write_text(root_ + "/dovecot-uidlist", "garbage\n");
    auto fresh = inbox();
    ASSERT_NE(fresh, nullptr);
    EXPECT_EQ(fresh->count(), 2u);
    EXPECT_GT(fresh->uidvalidity(), old);
    EXPECT_EQ(read_uidlist(root_).records.size(), 2u);
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_TRUE(synced->uidvalidity_changed);
}

TEST_F(MaildirMailboxTest, TwentySixKeywordsAtMost)
{
    auto box = inbox();
    append_text(*box, message_text("a"));
    ASSERT_TRUE(box->sync());
    std::vector<std::string> names;
    for (int i = 0; i < 26; ++i) {
        names.push_back("k" + std::to_string(i));
    }
    ASSERT_TRUE(box->store({1}, StoreMode::Add, {}, names));
    EXPECT_EQ(box->keywords().size(), 26u);
    EXPECT_EQ(parse_keywords_file(read_text(root_ + "/dovecot-keywords")).size(), 26u);
    const std::string f = file_of_uid(root_, 1);
    EXPECT_EQ(f.substr(f.find(':')), ":2,abcdefghijklmnopqrstuvwxyz");
    auto full = box->store({1}, StoreMode::Add, {}, {"one-too-many"});
    ASSERT_FALSE(full);
    EXPECT_EQ(storage_code_of(full.error()), StorageError::NotPossible);
}

TEST_F(MaildirMailboxTest, ChangePathsAreTheMessageDirectories)
{
    auto box = inbox();
    ASSERT_NE(box, nullptr);
    const auto paths = box->change_paths();
    ASSERT_EQ(paths.size(), 2u);
    EXPECT_EQ(paths[0], root_ + "/new");
    EXPECT_EQ(paths[1], root_ + "/cur");
    for (const std::string& p : paths) {
        EXPECT_TRUE(is_directory(p)) << p;
    }
}

TEST_F(MaildirMailboxTest, SaveOnlyOpenSkipsTheScan)
{
    {
        auto box = inbox();
        append_text(*box, message_text("a"));
        ASSERT_TRUE(box->sync());
    }
    const std::uint64_t high = inbox()->highest_modseq();
    OpenOptions options;
    options.save_only = true;
    auto lda = storage_->open_mailbox("INBOX", options);
    ASSERT_TRUE(lda);
    EXPECT_EQ((*lda)->count(), 0u);
    EXPECT_EQ(append_text(**lda, message_text("b")), 2u);
    auto box = inbox();
    EXPECT_EQ(box->count(), 2u);
    EXPECT_GT(box->highest_modseq(), high);  // the index kept its history
    EXPECT_EQ(box->message(1).modseq, 2u);
}

TEST(MaildirLocation, ControlAndIndexElsewhere)
{
    TempDir tmp;
    auto storage =
        open_maildir(tmp.path() + "/Maildir",
                     ":CONTROL=" + tmp.path() + "/control:INDEX=" + tmp.path() + "/index");
    ASSERT_NE(storage, nullptr);
    ASSERT_TRUE(storage->create_mailbox("Sent"));
    auto box = open_box(*storage, "Sent");
    append_text(*box, message_text("a"), {}, {"Kw"});
    ASSERT_TRUE(box->sync());
    EXPECT_TRUE(is_directory(tmp.path() + "/Maildir/.Sent/cur"));
    EXPECT_EQ(::access((tmp.path() + "/control/.Sent/dovecot-uidlist").c_str(), F_OK), 0);
    EXPECT_EQ(::access((tmp.path() + "/control/.Sent/dovecot-keywords").c_str(), F_OK), 0);
    EXPECT_EQ(::access((tmp.path() + "/index/.Sent/roost-index").c_str(), F_OK), 0);
    EXPECT_EQ(::access((tmp.path() + "/Maildir/.Sent/dovecot-uidlist").c_str(), F_OK), -1);
    EXPECT_EQ(::access((tmp.path() + "/control/dovecot-uidvalidity").c_str(), F_OK), 0);
    ASSERT_TRUE(storage->set_subscribed("Sent", true));
    EXPECT_EQ(::access((tmp.path() + "/control/subscriptions").c_str(), F_OK), 0);

    auto memory = open_maildir(tmp.path() + "/M2", ":INDEX=MEMORY");
    auto inbox = open_box(*memory, "INBOX");
    append_text(*inbox, message_text("b"));
    ASSERT_TRUE(inbox->sync());
    EXPECT_EQ(inbox->count(), 1u);
    EXPECT_EQ(::access((tmp.path() + "/M2/roost-index").c_str(), F_OK), -1);
}

}  // namespace
}  // namespace roost::storage::maildir
