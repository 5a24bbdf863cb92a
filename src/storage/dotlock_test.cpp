// Tests of dotlocks: exclusion, timeouts, and breaking locks of dead or stale holders.
#include "storage/dotlock.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage {
namespace {

using testing::TempDir;

LockSettings quick()
{
    LockSettings s;
    s.timeout = std::chrono::milliseconds(300);
    s.stale_after = std::chrono::seconds(120);
    return s;
}

TEST(Dotlock, ExcludesAndReleases)
{
    TempDir dir;
    const std::string path = dir.path() + "/x.lock";
    auto a = Dotlock::acquire(path, quick());
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_TRUE(a->held());
    EXPECT_EQ(testing::read_text(path), std::to_string(::getpid()) + ":" + local_hostname() + "\n");
    auto b = Dotlock::acquire(path, quick());
    ASSERT_FALSE(b);
    EXPECT_EQ(storage_code_of(b.error()), StorageError::InUse);
    EXPECT_TRUE(a->release());
    EXPECT_FALSE(a->held());
    EXPECT_FALSE(is_directory(path));
    EXPECT_EQ(::access(path.c_str(), F_OK), -1);
    auto c = Dotlock::acquire(path, quick());
    EXPECT_TRUE(c);
}

TEST(Dotlock, MovedLockReleasesCleanly)
{
    TempDir dir;
    const std::string path = dir.path() + "/x.lock";
    std::optional<Dotlock> holder;
    {
        auto a = Dotlock::acquire(path, quick());
        ASSERT_TRUE(a);
        holder.emplace(std::move(a.value()));
    }
    // The moved-from lock must not have released it.
    EXPECT_EQ(::access(path.c_str(), F_OK), 0);
    holder.reset();
    EXPECT_EQ(::access(path.c_str(), F_OK), -1);
}

TEST(Dotlock, DeadHolderOnThisHostIsBrokenAtOnce)
{
    TempDir dir;
    const std::string path = dir.path() + "/x.lock";
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto lock = Dotlock::acquire(path, quick());
        ::kill(::getpid(), SIGKILL);  // dies holding it
        ::_exit(1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_EQ(::access(path.c_str(), F_OK), 0);
    const auto start = std::chrono::steady_clock::now();
    auto lock = Dotlock::acquire(path, quick());
    ASSERT_TRUE(lock) << lock.error().message;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
    EXPECT_EQ(testing::read_text(path).substr(0, std::to_string(::getpid()).size()),
              std::to_string(::getpid()));
}

TEST(Dotlock, ForeignLockIsBrokenOnlyWhenOld)
{
    TempDir dir;
    const std::string path = dir.path() + "/dovecot-uidlist.lock";
    // Dovecot writes the new uidlist into its lock: no owner we can check.
    testing::write_text(path, "3 V1 N1\n");
    auto blocked = Dotlock::acquire(path, quick());
    ASSERT_FALSE(blocked);
    EXPECT_EQ(storage_code_of(blocked.error()), StorageError::InUse);
    const struct timespec old_times[2] = {{::time(nullptr) - 600, 0}, {::time(nullptr) - 600, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), old_times, 0), 0);
    auto lock = Dotlock::acquire(path, quick());
    ASSERT_TRUE(lock) << lock.error().message;
}

TEST(Dotlock, BrokenWhileHeldIsReported)
{
    TempDir dir;
    const std::string path = dir.path() + "/x.lock";
    auto a = Dotlock::acquire(path, quick());
    ASSERT_TRUE(a);
    ASSERT_EQ(::unlink(path.c_str()), 0);
    testing::write_text(path, "someone else\n");
    auto released = a->release();
    ASSERT_FALSE(released);
    EXPECT_EQ(storage_code_of(released.error()), StorageError::Temp);
    EXPECT_EQ(::access(path.c_str(), F_OK), 0);  // the other holder's lock stays
}

// A waiter takes the lock within a few milliseconds of its release, even after waiting a few
// hundred milliseconds (the back-off used before had grown to 25-75 ms between tries by
// then): lock hand-overs between parallel deliveries must not idle the disk. The median of seven
// hand-overs, so that slow wake-ups on a busy machine (a few ms each on two cores) do not decide.
TEST(Dotlock, WaiterTakesTheLockAsSoonAsItIsReleased)
{
    TempDir dir;
    const std::string path = dir.path() + "/x.lock";
    LockSettings patient = quick();
    patient.timeout = std::chrono::seconds(10);
    std::vector<std::chrono::nanoseconds> late;
    for (int round = 0; round < 7; ++round) {
        auto held = Dotlock::acquire(path, quick());
        ASSERT_TRUE(held);
        std::chrono::steady_clock::time_point taken;
        bool ok = false;
        std::thread waiter([&] {
            auto lock = Dotlock::acquire(path, patient);
            taken = std::chrono::steady_clock::now();
            ok = static_cast<bool>(lock);
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        // Other files coming and going beside the lock (other waiters' tmp files) are no
        // release.
        testing::write_text(dir.path() + "/x.lock.tmp.other", "1:host\n");
        ASSERT_EQ(::unlink((dir.path() + "/x.lock.tmp.other").c_str()), 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto released = std::chrono::steady_clock::now();
        ASSERT_TRUE(held->release());
        waiter.join();
        ASSERT_TRUE(ok);
        EXPECT_GE(taken, released);
        late.push_back(taken - released);
    }
    std::sort(late.begin(), late.end());
    EXPECT_LT(late[late.size() / 2], std::chrono::milliseconds(10));
}

TEST(Dotlock, MissingDirectoryIsNotFound)
{
    auto lock = Dotlock::acquire("/nonexistent-roost-dir/x.lock", quick());
    ASSERT_FALSE(lock);
    EXPECT_EQ(storage_code_of(lock.error()), StorageError::NotFound);
}

}  // namespace
}  // namespace roost::storage
