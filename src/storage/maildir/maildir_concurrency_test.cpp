// Multi-process tests of the Maildir backend: concurrent appends, appends racing expunges and
// flag changes, fresh opens (from roost-maildir-state) during all that, and kill -9 in the
// middle of saves. Children are forked, report what they
// were told (UIDs) through a pipe, and are always reaped.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "storage/maildir/maildir_filename.hpp"
#include "storage/maildir/maildir_mailbox.hpp"
#include "storage/maildir/uidlist.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::maildir {
namespace {

using namespace roost::storage::testing;

// One line per acknowledged save: "<uid> <tag>\n".
struct Ack {
    std::uint32_t uid;
    std::string tag;
};

std::vector<Ack> read_acks(int fd)
{
    std::string data;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) {
        data.append(buf, static_cast<std::size_t>(n));
    }
    std::vector<Ack> acks;
    std::size_t pos = 0;
    while (true) {
        const auto nl = data.find('\n', pos);
        if (nl == std::string::npos) {
            break;  // a line cut by a kill was never an acknowledgement
        }
        const std::string line = data.substr(pos, nl - pos);
        pos = nl + 1;
        const auto sp = line.find(' ');
        acks.push_back(
            {static_cast<std::uint32_t>(std::stoul(line.substr(0, sp))), line.substr(sp + 1)});
    }
    return acks;
}

void write_ack(int fd, std::uint32_t uid, const std::string& tag)
{
    const std::string line = std::to_string(uid) + " " + tag + "\n";
    // Pipes write up to PIPE_BUF bytes atomically, so lines of concurrent children never mix.
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        ::_exit(3);
    }
}

std::string body_for(const std::string& tag, std::size_t lines)
{
    std::string out = "Subject: " + tag + "\nX-Tag: " + tag + "\n\n";
    for (std::size_t i = 0; i < lines; ++i) {
        out += "line " + std::to_string(i) + " of message " + tag + "\n";
    }
    return out + "END " + tag + "\n";
}

// Runs `fn` in a child process; the child exits 0 when fn returns true.
template <class Fn>
pid_t spawn(Fn fn)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        bool ok = false;
        try {
            ok = fn();
        } catch (...) {
        }
        ::_exit(ok ? 0 : 1);
    }
    return pid;
}

int reap(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

bool append_in_child(const std::string& root, const std::string& tag, int fd, bool fsync,
                     std::size_t lines = 5)
{
    auto storage = open_maildir(root, "", fsync);
    if (!storage) {
        return false;
    }
    OpenOptions options;
    options.save_only = true;
    auto box = storage->open_mailbox("INBOX", options);
    if (!box) {
        return false;
    }
    const std::string data = body_for(tag, lines);
    AppendRequest req;
    req.data = data;
    auto uid = (*box)->append(req);
    if (!uid) {
        std::fprintf(stderr, "append %s: %s\n", tag.c_str(), uid.error().message.c_str());
        return false;
    }
    write_ack(fd, *uid, tag);
    return true;
}

// Every message in the mailbox: UID -> contents, checked to be whole.
std::map<std::uint32_t, std::string> all_messages(const std::string& root)
{
    std::map<std::uint32_t, std::string> out;
    auto storage = open_maildir(root);
    auto box = open_box(*storage, "INBOX");
    if (!box) {
        return out;
    }
    for (std::uint32_t seq = 1; seq <= box->count(); ++seq) {
        const std::uint32_t uid = box->message(seq).uid;
        auto data = box->read_message(uid);
        EXPECT_TRUE(data) << uid;
        if (data) {
            out[uid] = *data;
        }
    }
    return out;
}

std::string tag_of(const std::string& data)
{
    const auto pos = data.find("X-Tag: ");
    return pos == std::string::npos ? "" : data.substr(pos + 7, data.find('\n', pos) - pos - 7);
}

void expect_uidlist_sane(const std::string& root)
{
    auto list = parse_uidlist(read_text(root + "/dovecot-uidlist"));
    ASSERT_TRUE(list);
    EXPECT_EQ(list->bad_lines, 0u);
    std::set<std::string> bases;
    for (const auto& r : list->records) {
        EXPECT_TRUE(bases.insert(r.base).second) << "base listed twice: " << r.base;
        EXPECT_LT(r.uid, list->next_uid);
    }
}

TEST(MaildirConcurrency, ParallelAppendersGetDistinctUids)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    ASSERT_NE(open_box(*open_maildir(root), "INBOX"), nullptr);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    constexpr int kChildren = 4;
    constexpr int kEach = 25;
    std::vector<pid_t> pids;
    for (int c = 0; c < kChildren; ++c) {
        pids.push_back(spawn([&, c] {
            ::close(fds[0]);
            for (int i = 0; i < kEach; ++i) {
                if (!append_in_child(root, "c" + std::to_string(c) + "-" + std::to_string(i),
                                     fds[1], false)) {
                    return false;
                }
            }
            return true;
        }));
    }
    ::close(fds[1]);
    const std::vector<Ack> acks = read_acks(fds[0]);
    ::close(fds[0]);
    for (const pid_t pid : pids) {
        const int status = reap(pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ASSERT_EQ(acks.size(), static_cast<std::size_t>(kChildren * kEach));
    std::set<std::uint32_t> uids;
    for (const Ack& a : acks) {
        EXPECT_TRUE(uids.insert(a.uid).second) << "UID handed out twice: " << a.uid;
    }
    EXPECT_EQ(*uids.begin(), 1u);
    EXPECT_EQ(*uids.rbegin(), static_cast<std::uint32_t>(kChildren * kEach));
    const auto messages = all_messages(root);
    ASSERT_EQ(messages.size(), acks.size());
    for (const Ack& a : acks) {
        EXPECT_EQ(tag_of(messages.at(a.uid)), a.tag);
    }
    expect_uidlist_sane(root);
}

TEST(MaildirConcurrency, AppendsRaceExpungesAndFlagChanges)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    ASSERT_NE(open_box(*open_maildir(root), "INBOX"), nullptr);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::vector<pid_t> pids;
    for (int c = 0; c < 2; ++c) {
        pids.push_back(spawn([&, c] {
            ::close(fds[0]);
            for (int i = 0; i < 30; ++i) {
                if (!append_in_child(root, "a" + std::to_string(c) + "-" + std::to_string(i),
                                     fds[1], false)) {
                    return false;
                }
            }
            return true;
        }));
    }
    // A third process keeps flagging every third UID \Deleted and expunging, while a fourth
    // flags everything \Seen: both race the appends and each other.
    pids.push_back(spawn([&] {
        ::close(fds[0]);
        ::close(fds[1]);
        auto storage = open_maildir(root);
        auto box = open_box(*storage, "INBOX");
        for (int round = 0; round < 40 && box; ++round) {
            if (!box->sync()) {
                return false;
            }
            std::vector<std::uint32_t> doomed;
            for (std::uint32_t seq = 1; seq <= box->count(); ++seq) {
                if (box->message(seq).uid % 3 == 0) {
                    doomed.push_back(box->message(seq).uid);
                }
            }
            if (!box->store(doomed, StoreMode::Add, Flag::Deleted, {}) || !box->expunge_deleted()) {
                return false;
            }
            ::usleep(2000);
        }
        return box != nullptr;
    }));
    pids.push_back(spawn([&] {
        ::close(fds[0]);
        ::close(fds[1]);
        auto storage = open_maildir(root);
        auto box = open_box(*storage, "INBOX");
        for (int round = 0; round < 40 && box; ++round) {
            std::vector<std::uint32_t> all;
            if (!box->sync()) {
                return false;
            }
            for (std::uint32_t seq = 1; seq <= box->count(); ++seq) {
                all.push_back(box->message(seq).uid);
            }
            if (!box->store(all, StoreMode::Add, Flag::Seen, {"Seen-by-4"})) {
                return false;
            }
            ::usleep(1500);
        }
        return box != nullptr;
    }));
    ::close(fds[1]);
    const std::vector<Ack> acks = read_acks(fds[0]);
    ::close(fds[0]);
    for (const pid_t pid : pids) {
        const int status = reap(pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    }
    ASSERT_EQ(acks.size(), 60u);
    std::set<std::uint32_t> uids;
    for (const Ack& a : acks) {
        EXPECT_TRUE(uids.insert(a.uid).second) << "UID handed out twice: " << a.uid;
    }
    const auto messages = all_messages(root);
    std::printf("race test: %zu acknowledged, %zu left after expunges\n", acks.size(),
                messages.size());
    EXPECT_LT(messages.size(), acks.size());  // the expunger really ran
    std::set<std::string> tags;
    for (const auto& [uid, data] : messages) {
        EXPECT_TRUE(tags.insert(tag_of(data)).second) << "message twice: " << tag_of(data);
    }
    // Every acknowledged message the expunger did not target is still there, under its UID.
    for (const Ack& a : acks) {
        if (a.uid % 3 != 0) {
            ASSERT_TRUE(messages.contains(a.uid)) << a.uid;
            EXPECT_EQ(tag_of(messages.at(a.uid)), a.tag);
        }
    }
    expect_uidlist_sane(root);
}

// Sessions that open the mailbox afresh (from roost-maildir-state when it holds, with a listing
// seeded by it otherwise) while others append, flag and expunge: every open shows each UID
// with the message it was given, in order, and the snapshot of the mailbox at rest is the
// listing's.
TEST(MaildirConcurrency, FreshOpensWhileOthersChangeTheMailbox)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    ASSERT_NE(open_box(*open_maildir(root), "INBOX"), nullptr);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::vector<pid_t> pids;
    for (int c = 0; c < 2; ++c) {
        pids.push_back(spawn([&, c] {
            ::close(fds[0]);
            for (int i = 0; i < 40; ++i) {
                if (!append_in_child(root, "f" + std::to_string(c) + "-" + std::to_string(i),
                                     fds[1], false)) {
                    return false;
                }
                ::usleep(1000);
            }
            return true;
        }));
    }
    pids.push_back(spawn([&] {
        ::close(fds[0]);
        ::close(fds[1]);
        auto storage = open_maildir(root);
        auto box = open_box(*storage, "INBOX");
        for (int round = 0; round < 40 && box; ++round) {
            if (!box->sync()) {
                return false;
            }
            std::vector<std::uint32_t> flag;
            std::vector<std::uint32_t> doomed;
            for (std::uint32_t seq = 1; seq <= box->count(); ++seq) {
                const std::uint32_t uid = box->message(seq).uid;
                (uid % 5 == 0 ? doomed : flag).push_back(uid);
            }
            if (!box->store(flag, StoreMode::Add, Flag::Seen, {}) ||
                !box->store(doomed, StoreMode::Add, Flag::Deleted, {}) || !box->expunge_deleted()) {
                return false;
            }
            ::usleep(2000);
        }
        return box != nullptr;
    }));
    // The reader: a new session per round, each checked against what earlier ones saw.
    pids.push_back(spawn([&] {
        ::close(fds[0]);
        ::close(fds[1]);
        std::map<std::uint32_t, std::string> seen;
        for (int round = 0; round < 60; ++round) {
            auto storage = open_maildir(root);
            auto box = open_box(*storage, "INBOX");
            if (!box) {
                return false;
            }
            std::uint32_t last = 0;
            for (std::uint32_t seq = 1; seq <= box->count(); ++seq) {
                const std::uint32_t uid = box->message(seq).uid;
                if (uid <= last || uid >= box->uidnext()) {
                    std::fprintf(stderr, "UID %u out of order (after %u)\n", uid, last);
                    return false;
                }
                last = uid;
                auto data = box->read_message(uid);
                if (!data) {
                    continue;  // expunged since the open
                }
                const std::string tag = tag_of(*data);
                if (const auto it = seen.find(uid); it != seen.end() && it->second != tag) {
                    std::fprintf(stderr, "UID %u was %s, now %s\n", uid, it->second.c_str(),
                                 tag.c_str());
                    return false;
                }
                seen[uid] = tag;
            }
            ::usleep(3000);
        }
        return true;
    }));
    ::close(fds[1]);
    const std::vector<Ack> acks = read_acks(fds[0]);
    ::close(fds[0]);
    for (const pid_t pid : pids) {
        const int status = reap(pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    }
    ASSERT_EQ(acks.size(), 80u);
    std::set<std::uint32_t> uids;
    for (const Ack& a : acks) {
        EXPECT_TRUE(uids.insert(a.uid).second) << "UID handed out twice: " << a.uid;
    }
    // At rest: a listing leaves a snapshot the next session trusts, and both show the same.
    ::usleep(1'200'000);
    ASSERT_EQ(::unlink((root + "/roost-maildir-state").c_str()), 0);
    auto storage = open_maildir(root);
    // Read-only: a session that takes in new/ would change the directories it just listed.
    auto listed = open_box(*storage, "INBOX", true);
    auto restored = open_box(*storage, "INBOX", true);
    ASSERT_TRUE(listed && restored);
    ASSERT_TRUE(dynamic_cast<MaildirMailbox&>(*restored).last_read_from_state());
    ASSERT_EQ(listed->count(), restored->count());
    for (std::uint32_t seq = 1; seq <= listed->count(); ++seq) {
        const MessageInfo& a = listed->message(seq);
        const MessageInfo& b = restored->message(seq);
        EXPECT_EQ(a.uid, b.uid);
        EXPECT_EQ(a.flags.bits(), b.flags.bits());
        EXPECT_EQ(a.size, b.size);
        EXPECT_EQ(a.internal_date, b.internal_date);
    }
    const auto messages = all_messages(root);
    for (const Ack& a : acks) {
        if (a.uid % 5 != 0) {
            ASSERT_TRUE(messages.contains(a.uid)) << a.uid;
            EXPECT_EQ(tag_of(messages.at(a.uid)), a.tag);
        }
    }
    expect_uidlist_sane(root);
}

TEST(MaildirConcurrency, KillDuringAppendLeavesNoPartialMessage)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    ASSERT_NE(open_box(*open_maildir(root), "INBOX"), nullptr);
    std::mt19937 rng(12345);
    std::vector<Ack> acks;
    constexpr int kRounds = 40;
    for (int round = 0; round < kRounds; ++round) {
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        const pid_t pid = spawn([&] {
            ::close(fds[0]);
            for (int i = 0;; ++i) {
                // Big enough (about 200 KB) and fsynced, so kills land inside saves.
                if (!append_in_child(root, "k" + std::to_string(round) + "-" + std::to_string(i),
                                     fds[1], true, 5000)) {
                    return false;
                }
            }
        });
        ::close(fds[1]);
        ::usleep(static_cast<useconds_t>(rng() % 60000));
        ::kill(pid, SIGKILL);
        const int status = reap(pid);
        EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
            << status;
        for (Ack& a : read_acks(fds[0])) {
            acks.push_back(std::move(a));
        }
        ::close(fds[0]);
    }
    const auto messages = all_messages(root);
    std::set<std::uint32_t> uids;
    for (const Ack& a : acks) {
        EXPECT_TRUE(uids.insert(a.uid).second) << "UID handed out twice: " << a.uid;
        ASSERT_TRUE(messages.contains(a.uid)) << "acknowledged message lost: " << a.uid;
        EXPECT_EQ(messages.at(a.uid), body_for(a.tag, 5000));
    }
    // Saves killed after the link but before the UID was written show up whole, with new
    // UIDs; nothing else may appear and nothing may be cut short.
    for (const auto& [uid, data] : messages) {
        EXPECT_EQ(data, body_for(tag_of(data), 5000)) << "partial message with UID " << uid;
    }
    EXPECT_GE(messages.size(), acks.size());
    EXPECT_LE(messages.size(), acks.size() + kRounds);
    // Some rounds must have been killed mid-save for this test to mean anything: the tmp/
    // files they left and the saves that got no acknowledgement show it.
    const std::size_t orphans = files_in(root + "/tmp").size();
    std::printf("kill test: %zu acknowledged, %zu visible, %zu interrupted in tmp/\n", acks.size(),
                messages.size(), orphans);
    EXPECT_GT(orphans + (messages.size() - acks.size()), 0u);
    EXPECT_GT(acks.size(), 0u);
    EXPECT_EQ(::access((root + "/dovecot-uidlist.lock").c_str(), F_OK), -1);
    // The killed savers' temporary control files are cleaned up by the next opener.
    for (const std::string& name : files_in(root)) {
        EXPECT_EQ(name.find(".tmp."), std::string::npos) << name;
    }
    expect_uidlist_sane(root);
}

}  // namespace
}  // namespace roost::storage::maildir
