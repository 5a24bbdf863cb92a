// Dotlock acquisition, stale-lock detection and release.
#include "storage/dotlock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <random>
#include <thread>

#include "core/log.hpp"
#include "core/unique_fd.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage {
namespace {

constexpr std::chrono::microseconds kMaxPollStep{2000};
// How often a waiter looks again at whether the holder died or the lock went stale.
constexpr std::chrono::milliseconds kStaleCheckEvery{100};

struct LockOwner {
    pid_t pid = 0;
    bool local = false;
};

// Reads "<pid>:<host>" from a lock file; other contents (Dovecot writes the new uidlist into
// its lock file) leave pid 0.
LockOwner read_owner(const std::string& path)
{
    LockOwner owner;
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) {
        return owner;
    }
    char buf[300];
    const ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
    if (n <= 0) {
        return owner;
    }
    const std::string_view text(buf, static_cast<std::size_t>(n));
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return owner;
    }
    long pid = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + colon, pid);
    if (ec != std::errc() || end != text.data() + colon || pid <= 0) {
        return owner;
    }
    std::string_view host = text.substr(colon + 1);
    while (!host.empty() && (host.back() == '\n' || host.back() == '\r')) {
        host.remove_suffix(1);
    }
    owner.pid = static_cast<pid_t>(pid);
    owner.local = host == local_hostname();
    return owner;
}

std::string owner_text()
{
    return std::to_string(::getpid()) + ":" + local_hostname() + "\n";
}

// Whether the lock file at `path` still holds what we wrote into it.
bool holds_our_owner(const std::string& path)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) {
        return false;
    }
    const std::string want = owner_text();
    std::string got(want.size() + 1, '\0');
    const ssize_t n = ::read(fd.get(), got.data(), got.size());
    return n == static_cast<ssize_t>(want.size()) && got.compare(0, want.size(), want) == 0;
}

// Creates `lock_path` already holding our owner line: the line goes into a temporary file that
// is then hard-linked to the lock name, so no one ever sees an empty lock of ours (one whose
// holder was killed before writing it could only be broken by age). Returns an invalid fd when
// the lock is held by someone else. File systems without hard links fall back to O_EXCL.
Result<UniqueFd> create_with_owner(const std::string& lock_path, mode_t mode)
{
    const std::string owner = owner_text();
    const std::string tmp = temp_path_for(lock_path);
    UniqueFd fd(::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!fd) {
        return storage_errno_error("open(" + tmp + ")");
    }
    if (::write(fd.get(), owner.data(), owner.size()) != static_cast<ssize_t>(owner.size())) {
        auto err = storage_errno_error("write(" + tmp + ")");
        ::unlink(tmp.c_str());
        return err;
    }
    const int linked = ::link(tmp.c_str(), lock_path.c_str());
    const int link_errno = errno;
    ::unlink(tmp.c_str());
    if (linked == 0) {
        return fd;
    }
    if (link_errno == EEXIST) {
        return UniqueFd();
    }
    if (link_errno != EPERM && link_errno != ENOSYS && link_errno != EOPNOTSUPP) {
        errno = link_errno;
        return storage_errno_error("link(" + lock_path + ")");
    }
    UniqueFd excl(::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!excl) {
        if (errno == EEXIST) {
            return UniqueFd();
        }
        return storage_errno_error("open(" + lock_path + ")");
    }
    // A kill right here leaves an empty lock, broken only by age; link() avoids this.
    (void)!::write(excl.get(), owner.data(), owner.size());
    return excl;
}

bool process_is_dead(pid_t pid)
{
    return ::kill(pid, 0) < 0 && errno == ESRCH;
}

// Whether the lock at `path` (whose stat is `st`) may be broken.
bool is_stale(const std::string& path, const struct stat& st, const LockSettings& settings)
{
    const LockOwner owner = read_owner(path);
    if (owner.pid != 0 && owner.local && process_is_dead(owner.pid)) {
        return true;
    }
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    const auto age = now.tv_sec - st.st_mtim.tv_sec;
    return age >= settings.stale_after.count();
}

// Moves the stale lock (inode `ino`) aside and deletes it. If the file we moved is not the one
// judged stale (its holder replaced it meanwhile) it is put back when nobody took the name.
void break_lock(const std::string& path, ino_t ino)
{
    const std::string aside =
        path + ".stale." + std::to_string(::getpid()) + "." + std::to_string(next_unique_counter());
    if (::rename(path.c_str(), aside.c_str()) < 0) {
        return;
    }
    struct stat st {};
    if (::stat(aside.c_str(), &st) == 0 && st.st_ino != ino) {
        if (::link(aside.c_str(), path.c_str()) < 0) {
            log::warning("dotlock ", path, ": a fresh lock was taken while breaking a stale one");
        }
    } else {
        log::warning("dotlock ", path, ": removed a stale lock");
    }
    ::unlink(aside.c_str());
}

// Waits while the lock at `path` (inode `ino`) is held, polling with one lstat() per step,
// until it is gone or replaced, or `until`. Steps start at 100 us and grow to 2 ms: a
// delivery holds dovecot-uidlist.lock for a few hundred microseconds, and the doubling
// back-off used before (up to 50 ms between tries, each a file create) overslept such a lock
// by up to its whole back-off. (inotify would wake at once, but closing an inotify instance
// waits for an RCU grace period, 4-20 ms here, which every waiting delivery would pay.)
void wait_while_held(const std::string& path, ino_t ino,
                     std::chrono::steady_clock::time_point until, std::chrono::microseconds& step)
{
    thread_local std::minstd_rand rng(static_cast<unsigned>(::getpid()));
    for (;;) {
        const auto base = step.count();
        const auto jitter = static_cast<long>(rng() % static_cast<unsigned>(base / 2 + 1));
        std::this_thread::sleep_for(std::chrono::microseconds(base * 3 / 4 + jitter));
        step = std::min(step * 3 / 2, kMaxPollStep);
        struct stat st {};
        if (::lstat(path.c_str(), &st) < 0 || st.st_ino != ino ||
            std::chrono::steady_clock::now() >= until) {
            return;
        }
    }
}

}  // namespace

Dotlock::Dotlock(Dotlock&& other) noexcept
    : path_(std::move(other.path_)), dev_(other.dev_), ino_(other.ino_)
{
    other.path_.clear();
}

Dotlock& Dotlock::operator=(Dotlock&& other) noexcept
{
    if (this != &other) {
        if (held()) {
            (void)release();
        }
        path_ = std::move(other.path_);
        dev_ = other.dev_;
        ino_ = other.ino_;
        other.path_.clear();
    }
    return *this;
}

Dotlock::~Dotlock()
{
    if (held()) {
        auto r = release();
        if (!r) {
            log::warning(r.error().message);
        }
    }
}

Result<Dotlock> Dotlock::acquire(const std::string& lock_path, const LockSettings& settings)
{
    const auto deadline = std::chrono::steady_clock::now() + settings.timeout;
    std::chrono::microseconds step(100);
    const auto slash = lock_path.find_last_of('/');
    const mode_t mode =
        file_mode_for_directory(slash == std::string::npos ? "." : lock_path.substr(0, slash));
    for (;;) {
        auto created = create_with_owner(lock_path, mode);
        if (!created) {
            return created.error();
        }
        if (created->valid()) {
            struct stat st {};
            if (::fstat(created->get(), &st) < 0) {
                auto err = storage_errno_error("fstat(" + lock_path + ")");
                ::unlink(lock_path.c_str());
                return err;
            }
            Dotlock lock;
            lock.path_ = lock_path;
            lock.dev_ = st.st_dev;
            lock.ino_ = st.st_ino;
            return lock;
        }
        struct stat st {};
        if (::lstat(lock_path.c_str(), &st) < 0) {
            continue;  // released between our open and stat: try again at once
        }
        if (is_stale(lock_path, st, settings)) {
            break_lock(lock_path, st.st_ino);
            continue;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            return storage_error(StorageError::InUse, "timed out waiting for lock " + lock_path);
        }
        wait_while_held(lock_path, st.st_ino, std::min(deadline, now + kStaleCheckEvery), step);
    }
}

Result<void> Dotlock::release()
{
    if (!held()) {
        return {};
    }
    const std::string path = std::move(path_);
    path_.clear();
    struct stat st {};
    // The inode alone is not proof: a lock broken and re-created may reuse it at once.
    if (::lstat(path.c_str(), &st) < 0 || st.st_ino != ino_ || st.st_dev != dev_ ||
        !holds_our_owner(path)) {
        return storage_error(StorageError::Temp,
                             "lock " + path + " was broken by another process while held");
    }
    if (::unlink(path.c_str()) < 0) {
        return storage_errno_error("unlink(" + path + ")");
    }
    return {};
}

}  // namespace roost::storage
