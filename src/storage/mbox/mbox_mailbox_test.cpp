// Tests of the mbox backend on real files: Postfix-delivered spools, appends, in-place flag
// updates, expunges, changes by other programs, locking and the folder tree.
#include "storage/mbox/mbox_mailbox.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "storage/file_util.hpp"
#include "storage/storage.hpp"
#include "storage/storage_error.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::mbox {
namespace {

using storage::testing::read_text;
using storage::testing::TempDir;
using storage::testing::write_text;

// What Postfix's local(8) leaves in /var/mail/USER: no status headers, ">From " quoting.
std::string postfix_message(const std::string& subject, const std::string& body)
{
    return "From sender@example.org  Sun Nov 22 08:43:29 2026\n"
           "Return-Path: <sender@example.org>\n"
           "X-Original-To: tester\nDelivered-To: tester@example.org\n"
           "Subject: " +
           subject + "\n\n" + body + "\n\n";
}

class MboxTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
        spool_ = dir_.path() + "/spool";
        ::mkdir(spool_.c_str(), 0755);
        inbox_ = spool_ + "/tester";
    }

    StorageSettings settings(const std::string& extra = "") const
    {
        StorageSettings s;
        s.mail_location = "mbox:" + dir_.path() + "/mail:INBOX=" + inbox_ + extra;
        s.variables = {"tester", dir_.path()};
        s.fsync = false;
        s.mbox.lock_timeout = std::chrono::seconds(2);
        return s;
    }

    std::unique_ptr<Storage> storage(const std::string& extra = "") const
    {
        auto s = open_storage(settings(extra));
        EXPECT_TRUE(s) << (s ? "" : s.error().message);
        return std::move(s.value());
    }

    std::unique_ptr<Mailbox> open(Storage& st, const std::string& name = "INBOX",
                                  bool read_only = false)
    {
        OpenOptions o;
        o.read_only = read_only;
        auto box = st.open_mailbox(name, o);
        EXPECT_TRUE(box) << (box ? "" : box.error().message);
        return std::move(box.value());
    }

    std::uint32_t append(Mailbox& box, const std::string& data, Flags flags = {},
                         std::vector<std::string> keywords = {})
    {
        AppendRequest r;
        r.data = data;
        r.flags = flags;
        r.keywords = std::move(keywords);
        r.internal_date = 1795337009;
        auto uid = box.append(r);
        EXPECT_TRUE(uid) << (uid ? "" : uid.error().message);
        return uid ? *uid : 0;
    }

    TempDir dir_;
    std::string spool_;
    std::string inbox_;
};

TEST_F(MboxTest, DriverIsRegistered)
{
    const auto drivers = storage_drivers();
    EXPECT_NE(std::find(drivers.begin(), drivers.end(), "mbox"), drivers.end());
    StorageSettings s = settings();
    s.mbox.write_locks = {"lockf"};
    auto st = open_storage(s);
    ASSERT_FALSE(st);
    EXPECT_EQ(storage_code_of(st.error()), StorageError::BadLocation);
}

TEST_F(MboxTest, PostfixSpoolGetsUidsWrittenAndReadsAsDovecotShowsIt)
{
    write_text(inbox_,
               postfix_message("one", "hello\n>From quoted") + postfix_message("two", "second"));
    auto st = storage();
    auto box = open(*st);
    ASSERT_EQ(box->count(), 2u);
    EXPECT_EQ(box->message(1).uid, 1u);
    EXPECT_EQ(box->message(2).uid, 2u);
    EXPECT_EQ(box->uidnext(), 3u);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Recent));
    EXPECT_EQ(box->message(1).internal_date, 1795337009);
    const std::string file = read_text(inbox_);
    EXPECT_NE(file.find("X-IMAPbase: " + std::to_string(box->uidvalidity()) + " 0000000002\n"),
              std::string::npos);
    EXPECT_NE(file.find("X-UID: 2\n"), std::string::npos);
    auto text = box->read_message(1);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text,
              "Return-Path: <sender@example.org>\nX-Original-To: tester\n"
              "Delivered-To: tester@example.org\nSubject: one\n\nhello\n>From quoted\n");
    EXPECT_EQ(box->message(1).size, text->size());
    EXPECT_EQ(*box->message(1).vsize(), text->size() + static_cast<std::size_t>(std::count(
                                                         text->begin(), text->end(), '\n')));
    auto file_fd = box->open_message(2);
    ASSERT_TRUE(file_fd);
    EXPECT_EQ(file_fd->size, box->message(2).size);

    // A second open agrees on everything and the UIDVALIDITY stays.
    auto again = open(*st, "INBOX", true);
    EXPECT_EQ(again->uidvalidity(), box->uidvalidity());
    EXPECT_EQ(again->message(2).uid, 2u);
}

TEST_F(MboxTest, AppendStoreExpungeRoundTrip)
{
    auto st = storage();
    auto box = open(*st);
    EXPECT_EQ(box->count(), 0u);
    const std::uint32_t a =
        append(*box, "Subject: a\n\nFrom the start\nline\n", Flag::Seen, {"$Forwarded"});
    const std::uint32_t b = append(*box, "Subject: b\n\nbody b\n");
    const std::uint32_t c = append(*box, "Subject: c\nX-UID: 77\nStatus: RO\n\nno newline");
    EXPECT_EQ(a, 1u);
    EXPECT_EQ(b, 2u);
    EXPECT_EQ(c, 3u);
    ASSERT_TRUE(box->sync());
    ASSERT_EQ(box->count(), 3u);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Seen));
    EXPECT_EQ(box->keyword_names(box->message(1).keywords),
              (std::vector<std::string>{"$Forwarded"}));
    EXPECT_EQ(box->message(1).internal_date, 1795337009);
    // From_ quoting on save, forged status headers dropped.
    EXPECT_EQ(*box->read_message(a), "Subject: a\n\n>From the start\nline\n");
    EXPECT_EQ(*box->read_message(c), "Subject: c\n\nno newline\n");
    EXPECT_FALSE(box->message(3).flags.has(Flag::Seen));

    // Flag changes fit the padding: the file keeps its size.
    const auto size_before = read_text(inbox_).size();
    auto changed = box->store({b, c}, StoreMode::Add, Flag::Flagged | Flag::Deleted, {"Todo"});
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(changed->size(), 2u);
    // (A new keyword rewrites X-IMAPbase once; a second store is in place.)
    const auto size_mid = read_text(inbox_).size();
    ASSERT_TRUE(box->store({a}, StoreMode::Add, Flag::Answered, {}));
    EXPECT_EQ(read_text(inbox_).size(), size_mid);
    EXPECT_GT(size_mid, size_before);
    auto fresh = open(*st, "INBOX", true);
    EXPECT_TRUE(fresh->message(1).flags.has(Flag::Answered));
    EXPECT_TRUE(fresh->message(2).flags.has(Flag::Flagged));
    EXPECT_EQ(fresh->keyword_names(fresh->message(3).keywords), (std::vector<std::string>{"Todo"}));
    EXPECT_NE(read_text(inbox_).find("X-Status: FD"), std::string::npos);

    auto expunged = box->expunge_deleted();
    ASSERT_TRUE(expunged);
    EXPECT_EQ(expunged->expunged_uids, (std::vector<std::uint32_t>{3, 2}));
    EXPECT_EQ(box->count(), 1u);
    const std::uint32_t d = append(*box, "Subject: d\n\nd\n");
    EXPECT_EQ(d, 4u);  // never reused

    // Expunging everything keeps UIDVALIDITY and the next UID in the pseudo message.
    ASSERT_TRUE(box->sync());
    const auto uidvalidity = box->uidvalidity();
    ASSERT_TRUE(box->expunge({a, d}));
    EXPECT_NE(read_text(inbox_).find("X-IMAP: " + std::to_string(uidvalidity) + " 0000000004"),
              std::string::npos);
    auto empty = open(*st, "INBOX", true);
    EXPECT_EQ(empty->count(), 0u);
    EXPECT_EQ(empty->uidvalidity(), uidvalidity);
    EXPECT_EQ(empty->uidnext(), 5u);
    EXPECT_EQ(append(*box, "Subject: e\n\ne\n"), 5u);
    auto after = open(*st, "INBOX", true);
    ASSERT_EQ(after->count(), 1u);
    EXPECT_EQ(after->message(1).uid, 5u);
}

TEST_F(MboxTest, AppendsKeepTheSessionsParseCurrent)
{
    // A session's own appends join its parse of the file (no re-read of the whole mbox per
    // message); what it then shows must be what a fresh parse of the file shows.
    auto st = storage();
    auto box = open(*st);
    append(*box, "Subject: first\n\nbody\n");
    ASSERT_TRUE(box->sync());
    for (int i = 0; i < 5; ++i) {
        append(*box, "Subject: m" + std::to_string(i) + "\r\nX-A: b\r\n\r\nline\r\nFrom here\n", Flag::Seen,
               {"$K" + std::to_string(i % 2)});
    }
    ASSERT_TRUE(box->sync());
    auto fresh = open(*st, "INBOX", true);
    ASSERT_EQ(box->count(), 6u);
    ASSERT_EQ(fresh->count(), 6u);
    for (std::uint32_t seq = 1; seq <= 6; ++seq) {
        const MessageInfo& a = box->message(seq);
        const MessageInfo& b = fresh->message(seq);
        EXPECT_EQ(a.uid, b.uid);
        EXPECT_EQ(a.size, b.size);
        EXPECT_EQ(*box->virtual_size(seq), *fresh->virtual_size(seq));
        EXPECT_EQ(box->keyword_names(a.keywords), fresh->keyword_names(b.keywords));
        EXPECT_EQ(*box->read_message(a.uid), *fresh->read_message(b.uid));
    }
    // In-place flag writes land on the appended messages' own status headers.
    ASSERT_TRUE(box->store({box->message(6).uid}, StoreMode::Add, Flag::Flagged, {}));
    auto again = open(*st, "INBOX", true);
    EXPECT_TRUE(again->message(6).flags.has(Flag::Flagged));
    EXPECT_FALSE(again->message(5).flags.has(Flag::Flagged));
    EXPECT_EQ(*again->read_message(again->message(6).uid), "Subject: m4\r\nX-A: b\r\n\r\nline\r\n>From here\n");
}

TEST_F(MboxTest, ReleasedIndexEntriesAreReadBack)
{
    auto st = storage();
    auto box = open(*st);
    append(*box, "Subject: a\n\none\n");
    append(*box, "Subject: b\n\ntwo\n");
    ASSERT_TRUE(box->sync());
    ASSERT_EQ(box->count(), 2u);
    const std::uint64_t high = box->highest_modseq();

    // roost-index entries freed: the header's HIGHESTMODSEQ stays, a sync changes nothing.
    box->release_caches();
    EXPECT_EQ(box->highest_modseq(), high);
    auto synced = box->sync();
    ASSERT_TRUE(synced) << synced.error().message;
    EXPECT_TRUE(synced->changed_uids.empty());
    EXPECT_EQ(box->highest_modseq(), high);

    // A STORE after a release gets a MODSEQ above all earlier ones, and another session sees it.
    box->release_caches();
    auto changed = box->store({1}, StoreMode::Add, Flag::Flagged, {});
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(*changed, (std::vector<std::uint32_t>{1}));
    EXPECT_GT(box->message(1).modseq, high);
    auto other = open(*st);
    ASSERT_EQ(other->count(), 2u);
    EXPECT_TRUE(other->message(1).flags.has(Flag::Flagged));
    EXPECT_EQ(other->message(1).modseq, box->message(1).modseq);
    EXPECT_EQ(other->message(2).modseq, box->message(2).modseq);
}

TEST_F(MboxTest, SyncSeesChangesOfOtherPrograms)
{
    write_text(inbox_, postfix_message("one", "1") + postfix_message("two", "2") +
                           postfix_message("three", "3"));
    auto st = storage();
    auto box = open(*st);
    ASSERT_EQ(box->count(), 3u);
    // Postfix delivers another message.
    {
        const std::string more = postfix_message("four", "4");
        const int fd = ::open(inbox_.c_str(), O_WRONLY | O_APPEND);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(::write(fd, more.data(), more.size()), static_cast<ssize_t>(more.size()));
        ::close(fd);
    }
    auto synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->exists, 4u);
    EXPECT_EQ(box->message(4).uid, 4u);
    EXPECT_EQ(*box->read_message(4),
              "Return-Path: <sender@example.org>\nX-Original-To: tester\n"
              "Delivered-To: tester@example.org\nSubject: four\n\n4\n");
    // mutt deletes the second message (rewriting the file in place, keeping the headers).
    std::string file = read_text(inbox_);
    const auto second = file.find("From sender", 1);
    const auto third = file.find("From sender", second + 1);
    file.erase(second, third - second);
    write_text(inbox_, file);
    synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->expunged_uids, (std::vector<std::uint32_t>{2}));
    EXPECT_EQ(box->count(), 3u);
    EXPECT_EQ(box->message(2).uid, 3u);
    // Another program sets \Seen via Status: R.
    file = read_text(inbox_);
    const auto status = file.find("X-UID: 3\nStatus: ");
    ASSERT_NE(status, std::string::npos);
    file.replace(status + 17, 0, "R");
    write_text(inbox_, file);
    synced = box->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->changed_uids, (std::vector<std::uint32_t>{3}));
    EXPECT_TRUE(box->message(2).flags.has(Flag::Seen));
}

TEST_F(MboxTest, StaleDotlockIsBrokenLiveOneTimesOut)
{
    write_text(inbox_, postfix_message("one", "1"));
    // A dead holder on this host: broken at once.
    pid_t dead = ::fork();
    if (dead == 0) {
        ::_exit(0);
    }
    ::waitpid(dead, nullptr, 0);
    write_text(inbox_ + ".lock", std::to_string(dead) + ":" + local_hostname() + "\n");
    auto st = storage();
    auto box = open(*st);
    EXPECT_EQ(append(*box, "Subject: x\n\nx\n"), 2u);
    EXPECT_FALSE(std::filesystem::exists(inbox_ + ".lock"));
    // A live holder (ourselves) with a fresh lock: InUse after the timeout.
    write_text(inbox_ + ".lock", std::to_string(::getpid()) + ":" + local_hostname() + "\n");
    AppendRequest r;
    r.data = "Subject: y\n\ny\n";
    auto failed = box->append(r);
    ASSERT_FALSE(failed);
    EXPECT_EQ(storage_code_of(failed.error()), StorageError::InUse);
    // The same lock made old (an empty one, as Postfix leaves it) is stale by age.
    write_text(inbox_ + ".lock", "");
    struct timespec old[2] = {{1, 0}, {1, 0}};
    ::utimensat(AT_FDCWD, (inbox_ + ".lock").c_str(), old, 0);
    EXPECT_TRUE(box->append(r));
}

TEST_F(MboxTest, FcntlAndFlockExcludeOtherPrograms)
{
    write_text(inbox_, postfix_message("one", "1"));
    StorageSettings s = settings();
    s.mbox.write_locks = {"fcntl", "flock"};
    s.mbox.read_locks = {"fcntl", "flock"};
    s.mbox.lock_timeout = std::chrono::seconds(1);
    auto st = open_storage(s);
    ASSERT_TRUE(st);
    auto box = open(**st);
    // Another process holds a classic fcntl() write lock, as Postfix does while delivering.
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    if (child == 0) {
        const int fd = ::open(inbox_.c_str(), O_RDWR);
        struct flock fl {};
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        if (fd < 0 || ::fcntl(fd, F_SETLK, &fl) < 0) {
            ::_exit(1);
        }
        (void)!::write(ready[1], "x", 1);
        ::pause();
        ::_exit(0);
    }
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    AppendRequest r;
    r.data = "Subject: y\n\ny\n";
    auto failed = box->append(r);
    ASSERT_FALSE(failed);
    EXPECT_EQ(storage_code_of(failed.error()), StorageError::InUse);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    EXPECT_TRUE(box->append(r));
    // flock: mutt with flock enabled.
    const int fd = ::open(inbox_.c_str(), O_RDONLY);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    failed = box->append(r);
    ASSERT_FALSE(failed);
    EXPECT_EQ(storage_code_of(failed.error()), StorageError::InUse);
    ::close(fd);
    EXPECT_TRUE(box->append(r));
    ::close(ready[0]);
    ::close(ready[1]);
}

TEST_F(MboxTest, FailedAppendTruncatesBack)
{
    write_text(inbox_, postfix_message("one", "1"));
    {
        auto st = storage();
        auto box = open(*st);  // writes the UIDs
    }
    const std::string before = read_text(inbox_);
    const pid_t child = ::fork();
    if (child == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim {};
        lim.rlim_cur = lim.rlim_max = before.size() + 100;
        ::setrlimit(RLIMIT_FSIZE, &lim);
        auto s = open_storage(settings());
        OpenOptions o;
        o.save_only = true;
        auto box = (*s)->open_mailbox("INBOX", o);
        AppendRequest r;
        const std::string big = "Subject: big\n\n" + std::string(5000, 'x') + "\n";
        r.data = big;
        auto uid = (*box)->append(r);
        ::_exit(uid ? 1 : storage_code_of(uid.error()) == StorageError::NoQuota ? 0 : 2);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_LE(WEXITSTATUS(status), 2);
    EXPECT_NE(WEXITSTATUS(status), 1);
    // The X-IMAPbase counter may have moved on (an unused UID); the messages are as before.
    const std::string after = read_text(inbox_);
    EXPECT_EQ(after.size(), before.size());
    auto st = storage();
    auto box = open(*st);
    EXPECT_EQ(box->count(), 1u);
}

TEST_F(MboxTest, FolderTree)
{
    auto st = storage();
    ASSERT_TRUE(st->create_mailbox("Foo"));
    ASSERT_TRUE(st->create_mailbox("Lists/Dev"));
    ASSERT_TRUE(st->create_mailbox("Entwürfe"));
    EXPECT_EQ(storage_code_of(st->create_mailbox("Foo").error()), StorageError::Exists);
    EXPECT_EQ(storage_code_of(st->create_mailbox("Foo/Bar").error()), StorageError::NotPossible);
    EXPECT_TRUE(std::filesystem::is_regular_file(dir_.path() + "/mail/Lists/Dev"));
    EXPECT_TRUE(std::filesystem::is_regular_file(dir_.path() + "/mail/Entw&APw-rfe"));
    auto box = open(*st, "Lists/Dev");
    append(*box, "Subject: dev\n\nx\n");
    ASSERT_TRUE(box->sync());
    EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/mail/.imap/Lists/Dev/roost-index"));
    ASSERT_TRUE(st->set_subscribed("Lists/Dev", true));
    EXPECT_EQ(read_text(dir_.path() + "/mail/.subscriptions"), "V\t2\n\nLists\tDev\n");
    auto listed = st->list_mailboxes();
    ASSERT_TRUE(listed);
    std::vector<std::string> names;
    for (const auto& e : *listed) {
        names.push_back(e.name + (e.selectable ? "" : "*"));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"INBOX", "Entwürfe", "Foo", "Lists*", "Lists/Dev"}));
    ASSERT_TRUE(st->rename_mailbox("Lists/Dev", "Dev"));
    auto renamed = open(*st, "Dev");
    EXPECT_EQ(renamed->count(), 1u);
    ASSERT_TRUE(st->delete_mailbox("Dev"));
    ASSERT_TRUE(st->delete_mailbox("Lists"));
    EXPECT_EQ(storage_code_of(st->open_mailbox("Dev", {}).error()), StorageError::NotFound);
    EXPECT_EQ(storage_code_of(st->delete_mailbox("INBOX").error()), StorageError::NotPossible);
}

TEST_F(MboxTest, SaveOnlyDeliveryReadsOnlyTheHead)
{
    auto st = storage();
    {
        auto box = open(*st);
        append(*box, "Subject: a\n\na\n");
    }
    OpenOptions o;
    o.save_only = true;
    for (int i = 0; i < 3; ++i) {
        auto box = st->open_mailbox("INBOX", o);
        ASSERT_TRUE(box);
        EXPECT_EQ(append(**box, "Subject: lda\n\nx\n"), static_cast<std::uint32_t>(i + 2));
    }
    auto box = open(*st, "INBOX", true);
    ASSERT_EQ(box->count(), 4u);
    EXPECT_EQ(box->message(4).uid, 4u);
    EXPECT_EQ(box->uidnext(), 5u);
}

}  // namespace
}  // namespace roost::storage::mbox
