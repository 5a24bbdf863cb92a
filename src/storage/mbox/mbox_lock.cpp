// mbox locking: dotlock, fcntl (open file description locks) and flock with a shared deadline.
#include "storage/mbox/mbox_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include "storage/storage_error.hpp"

namespace roost::storage::mbox {
namespace {

// One non-blocking attempt; true when taken, false when someone else holds a conflicting lock.
Result<bool> try_kernel_lock(int fd, LockMethod method, bool exclusive)
{
    if (method == LockMethod::Fcntl) {
        struct flock fl {};
        fl.l_type = static_cast<short>(exclusive ? F_WRLCK : F_RDLCK);
        fl.l_whence = SEEK_SET;
        if (::fcntl(fd, F_OFD_SETLK, &fl) == 0) {
            return true;
        }
        if (errno == EAGAIN || errno == EACCES || errno == EINTR) {
            return false;
        }
        return storage_errno_error("fcntl(F_OFD_SETLK)");
    }
    if (::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0) {
        return true;
    }
    if (errno == EWOULDBLOCK || errno == EINTR) {
        return false;
    }
    return storage_errno_error("flock");
}

void kernel_unlock(int fd, LockMethod method)
{
    if (method == LockMethod::Fcntl) {
        struct flock fl {};
        fl.l_type = F_UNLCK;
        fl.l_whence = SEEK_SET;
        (void)::fcntl(fd, F_OFD_SETLK, &fl);
    } else {
        (void)::flock(fd, LOCK_UN);
    }
}

}  // namespace

Result<std::vector<LockMethod>> parse_lock_methods(const std::vector<std::string>& names)
{
    std::vector<LockMethod> out;
    for (const std::string& name : names) {
        LockMethod m{};
        if (name == "dotlock") {
            m = LockMethod::Dotlock;
        } else if (name == "dotlock_try") {
            m = LockMethod::DotlockTry;
        } else if (name == "fcntl") {
            m = LockMethod::Fcntl;
        } else if (name == "flock") {
            m = LockMethod::Flock;
        } else {
            return storage_error(StorageError::BadLocation,
                                 "unsupported mbox lock method '" + name + "'");
        }
        if (std::find(out.begin(), out.end(), m) == out.end()) {
            out.push_back(m);
        }
    }
    return out;
}

MboxLock::MboxLock(MboxLock&& other) noexcept
    : fd_(other.fd_),
      exclusive_(other.exclusive_),
      kernel_(std::move(other.kernel_)),
      dotlock_(std::move(other.dotlock_))
{
    other.fd_ = -1;
    other.kernel_.clear();
    other.dotlock_.reset();
}

MboxLock& MboxLock::operator=(MboxLock&& other) noexcept
{
    if (this != &other) {
        (void)release();
        fd_ = other.fd_;
        exclusive_ = other.exclusive_;
        kernel_ = std::move(other.kernel_);
        dotlock_ = std::move(other.dotlock_);
        other.fd_ = -1;
        other.kernel_.clear();
        other.dotlock_.reset();
    }
    return *this;
}

MboxLock::~MboxLock()
{
    (void)release();
}

Result<MboxLock> MboxLock::acquire(int fd, const std::string& path, bool exclusive,
                                   const std::vector<LockMethod>& methods,
                                   const MboxLockConfig& config)
{
    const auto deadline = std::chrono::steady_clock::now() + config.timeout;
    MboxLock lock;
    lock.fd_ = fd;
    lock.exclusive_ = exclusive;
    for (const LockMethod method : methods) {
        if (method == LockMethod::Dotlock || method == LockMethod::DotlockTry) {
            LockSettings settings;
            settings.timeout = std::max(std::chrono::milliseconds(0),
                                        std::chrono::duration_cast<std::chrono::milliseconds>(
                                            deadline - std::chrono::steady_clock::now()));
            settings.stale_after = config.dotlock_stale;
            auto dot = Dotlock::acquire(path + ".lock", settings);
            if (!dot && method == LockMethod::DotlockTry && storage_code_of(dot.error()) == StorageError::Perm) {
                continue;  // no right to create it: the kernel locks have to do
            }
            if (!dot) {
                return dot.error();  // `lock` releases what was taken
            }
            lock.dotlock_ = std::move(dot.value());
            continue;
        }
        std::chrono::microseconds backoff(500);
        for (;;) {
            auto taken = try_kernel_lock(fd, method, exclusive);
            if (!taken) {
                return taken.error();
            }
            if (*taken) {
                lock.kernel_.push_back(method);
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                return storage_error(StorageError::InUse,
                                     std::string("timed out waiting for the ") +
                                         (method == LockMethod::Fcntl ? "fcntl" : "flock") +
                                         " lock of " + path);
            }
            std::this_thread::sleep_for(backoff);
            backoff = std::min(backoff * 2, std::chrono::microseconds(50000));
        }
    }
    return lock;
}

Result<void> MboxLock::move_to(int new_fd, const std::function<Result<void>()>& swap)
{
    std::vector<LockMethod> taken_new;
    const auto undo = [&] {
        for (auto it = taken_new.rbegin(); it != taken_new.rend(); ++it) {
            kernel_unlock(new_fd, *it);
        }
    };
    for (const LockMethod method : kernel_) {
        auto taken = try_kernel_lock(new_fd, method, exclusive_);
        if (!taken || !*taken) {
            undo();
            return !taken ? taken.error()
                          : storage_error(StorageError::Temp,
                                          "the new mbox file is locked by another process");
        }
        taken_new.push_back(method);
    }
    auto swapped = swap();
    if (!swapped) {
        undo();
        return swapped;
    }
    for (auto it = kernel_.rbegin(); it != kernel_.rend(); ++it) {
        kernel_unlock(fd_, *it);
    }
    fd_ = new_fd;
    return {};
}

Result<void> MboxLock::release()
{
    if (fd_ < 0) {
        return {};
    }
    for (auto it = kernel_.rbegin(); it != kernel_.rend(); ++it) {
        kernel_unlock(fd_, *it);
    }
    kernel_.clear();
    fd_ = -1;
    Result<void> result;
    if (dotlock_) {
        result = dotlock_->release();
        dotlock_.reset();
    }
    return result;
}

}  // namespace roost::storage::mbox
