// kill -9 during mbox rewrites: at each step of a rewrite (deterministically, through the
// rewrite probe) and at random moments of a busy writer, the file must afterwards be the old
// or the new one, parse, and hold every message whole under its UID.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <random>

#include "storage/mbox/mbox_format.hpp"
#include "storage/mbox/mbox_mailbox.hpp"
#include "storage/storage.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::mbox {
namespace {

using storage::testing::read_text;
using storage::testing::TempDir;
using storage::testing::write_text;

// Message `n`: a header naming it and a body whose lines all repeat its number, so a cut or
// mixed-up message is recognised.
std::string message_text(int n, std::size_t lines)
{
    std::string m =
        "Subject: message " + std::to_string(n) + "\nX-Test-Id: " + std::to_string(n) + "\n\n";
    for (std::size_t i = 0; i < lines; ++i) {
        m += "line " + std::to_string(n) + " of the body of message " + std::to_string(n) + "\n";
    }
    return m;
}

// The file's messages by UID -> test id, failing the test if any message is damaged.
std::map<std::uint32_t, int> check_file(const std::string& data, std::size_t lines)
{
    std::map<std::uint32_t, int> out;
    const ParsedMbox parsed = parse_mbox(data);
    EXPECT_TRUE(parsed.base) << "no X-IMAPbase";
    const UidAssignment uids = assign_uids(parsed);
    EXPECT_FALSE(uids.needs_write) << "a message lost its UID";
    for (std::size_t i = 0; i < parsed.messages.size(); ++i) {
        if (parsed.messages[i].pseudo) {
            continue;
        }
        const std::string text = visible_message(data, parsed.messages[i]);
        const auto at = text.find("X-Test-Id: ");
        EXPECT_NE(at, std::string::npos) << text;
        if (at == std::string::npos) {
            continue;
        }
        const int n = std::stoi(text.substr(at + 11));
        EXPECT_EQ(text, message_text(n, lines)) << "message " << n << " damaged";
        EXPECT_TRUE(out.emplace(uids.uids[i], n).second);
    }
    return out;
}

class MboxCrashTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        path_ = dir_.path() + "/inbox";
        settings_.mail_location = "mbox:" + dir_.path() + "/mail:INBOX=" + path_;
        settings_.variables = {"tester", dir_.path()};
        settings_.fsync = false;
        settings_.mbox.lock_timeout = std::chrono::seconds(5);
    }

    std::unique_ptr<Mailbox> open() const
    {
        auto st = open_storage(settings_);
        EXPECT_TRUE(st);
        storage_ = std::move(st.value());
        auto box = storage_->open_mailbox("INBOX", {});
        EXPECT_TRUE(box) << (box ? "" : box.error().message);
        return std::move(box.value());
    }

    void fill(int count, std::size_t lines)
    {
        auto box = open();
        for (int n = 1; n <= count; ++n) {
            AppendRequest r;
            const std::string text = message_text(n, lines);
            r.data = text;
            ASSERT_TRUE(box->append(r));
        }
    }

    TempDir dir_;
    std::string path_;
    StorageSettings settings_;
    mutable std::unique_ptr<Storage> storage_;
};

TEST_F(MboxCrashTest, KillAtEachRewriteStepLeavesOldOrNew)
{
    constexpr std::size_t kLines = 400;  // ~17 KB a message, 2.5 MB: three write chunks
    fill(150, kLines);
    for (const int step :
         {0, 1, MboxMailbox::kProbeBeforeRename, MboxMailbox::kProbeAfterRename, -1}) {
        open();  // claims \Recent (Status: O) now, so the child's open changes nothing
        const std::string before = read_text(path_);
        const auto old_map = check_file(before, kLines);
        const std::uint32_t victim = old_map.begin()->first;
        const pid_t child = ::fork();
        if (child == 0) {
            auto box = open();
            dynamic_cast<MboxMailbox&>(*box).set_rewrite_probe([step](int at) {
                if (at == step) {
                    ::raise(SIGKILL);
                }
            });
            (void)box->expunge({victim});
            ::_exit(0);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        const std::string after = read_text(path_);
        auto new_map = check_file(after, kLines);
        if (WIFSIGNALED(status) && step < MboxMailbox::kProbeAfterRename) {
            const auto diff =
                std::mismatch(after.begin(), after.end(), before.begin(), before.end());
            EXPECT_TRUE(after == before)
                << "killed before the rename at step " << step << ": sizes " << after.size() << " "
                << before.size() << ", first difference: "
                << std::string(diff.first, after.begin() + std::min<std::size_t>(
                                                               after.size(),
                                                               (diff.first - after.begin()) + 80));
        } else {
            auto expected = old_map;
            expected.erase(victim);
            EXPECT_EQ(new_map, expected) << "step " << step;
        }
        // The next writer breaks the dead child's dotlock; the next opener removes its
        // temporary file.
        auto box = open();
        std::size_t temps = 0;
        for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
            temps += e.path().filename().string().find(".tmp.") != std::string::npos;
        }
        EXPECT_EQ(temps, 0u);
        ASSERT_TRUE(box->expunge({victim}));
        AppendRequest r;
        const std::string text = message_text(9000 + step, kLines);
        r.data = text;
        ASSERT_TRUE(box->append(r));  // a writer: breaks the dead child's dotlock
        EXPECT_FALSE(std::filesystem::exists(path_ + ".lock"));
    }
}

TEST_F(MboxCrashTest, RandomKillsDuringBusyWriterNeverCorrupt)
{
    constexpr std::size_t kLines = 60;
    fill(120, kLines);
    std::mt19937 rng(12345);
    int next_id = 1000;
    for (int round = 0; round < 30; ++round) {
        const std::string before = read_text(path_);
        const auto old_map = check_file(before, kLines);
        const int first_new = next_id;
        next_id += 50;
        const pid_t child = ::fork();
        if (child == 0) {
            auto box = open();
            for (int i = 0;; ++i) {
                const MessageInfo& m =
                    box->message(1 + static_cast<std::uint32_t>(i) % box->count());
                (void)box->store({m.uid}, StoreMode::Add, Flag::Seen,
                                 {"k" + std::to_string(i % 50)});
                AppendRequest r;
                const std::string text = message_text(first_new + i % 50, kLines);
                r.data = text;
                (void)box->append(r);
                (void)box->sync();
                (void)box->expunge({box->message(1).uid});
            }
        }
        ::usleep(std::uniform_int_distribution<int>(2000, 60000)(rng));
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        const auto now = check_file(read_text(path_), kLines);
        // Every message still there kept its UID; new ones have UIDs above all old ones.
        const std::uint32_t old_max = old_map.empty() ? 0 : old_map.rbegin()->first;
        for (const auto& [uid, id] : now) {
            if (uid <= old_max) {
                ASSERT_TRUE(old_map.contains(uid));
                EXPECT_EQ(old_map.at(uid), id);
            } else {
                EXPECT_GE(id, first_new);
            }
        }
        auto box = open();
        ASSERT_TRUE(box->sync());
        // The view (from roost-mbox-parse when the kill left it current) has exactly the
        // file's UIDs.
        ASSERT_EQ(box->count(), now.size());
        std::uint32_t seq = 0;
        for (const auto& [uid, id] : now) {
            EXPECT_EQ(box->message(++seq).uid, uid);
        }
        AppendRequest r;
        const std::string text = message_text(first_new, kLines);
        r.data = text;
        ASSERT_TRUE(box->append(r));  // a writer: breaks the dead child's dotlock
        EXPECT_FALSE(std::filesystem::exists(path_ + ".lock"));
    }
}

}  // namespace
}  // namespace roost::storage::mbox
