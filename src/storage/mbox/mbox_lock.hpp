// MboxLock: the locks on one mbox file, taken in the order of mbox_read_locks /
// mbox_write_locks (dotlock = "<mbox>.lock", fcntl, flock) the way Dovecot, Postfix and mutt
// take them, so all of them exclude each other.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "storage/dotlock.hpp"

namespace roost::storage::mbox {

// DotlockTry: a dotlock when the directory lets us create one (/var/mail is often group mail
// only), else none, as Dovecot's dotlock_try.
enum class LockMethod { Dotlock, DotlockTry, Fcntl, Flock };

struct MboxLockConfig {
    std::vector<LockMethod> read{LockMethod::Fcntl};
    std::vector<LockMethod> write{LockMethod::Dotlock, LockMethod::Fcntl};
    std::chrono::milliseconds timeout{std::chrono::minutes(5)};  // mbox_lock_timeout
    std::chrono::seconds dotlock_stale{120};                     // mbox_dotlock_change_timeout
};

// "dotlock", "fcntl", "flock" in order; BadLocation for anything else (Dovecot's "lockf" is
// refused as Dovecot refuses it for mbox).
Result<std::vector<LockMethod>> parse_lock_methods(const std::vector<std::string>& names);

class MboxLock {
public:
    MboxLock() = default;
    MboxLock(const MboxLock&) = delete;
    MboxLock& operator=(const MboxLock&) = delete;
    MboxLock(MboxLock&& other) noexcept;
    MboxLock& operator=(MboxLock&& other) noexcept;
    ~MboxLock();

    // Takes `methods` in order: the dotlock beside `path`, then kernel locks on `fd` (open file
    // description locks, which conflict with other programs' fcntl() locks but, unlike them,
    // are not dropped when this process closes another descriptor of the file). Shared locks
    // when `exclusive` is false (a dotlock is always exclusive). Stale dotlocks (dead holder
    // on this host, or untouched for dotlock_stale) are broken. InUse after the timeout; what
    // was taken is released again on failure.
    static Result<MboxLock> acquire(int fd, const std::string& path, bool exclusive,
                                    const std::vector<LockMethod>& methods,
                                    const MboxLockConfig& config);

    // Replacing the file by a rewritten copy: takes the same kernel locks on `new_fd` (which
    // nobody else can hold yet), runs `swap` (the rename), then drops the locks on the old
    // descriptor. If `swap` fails the new locks are dropped and the old ones kept.
    Result<void> move_to(int new_fd, const std::function<Result<void>()>& swap);

    bool held() const { return fd_ >= 0; }
    bool exclusive() const { return exclusive_; }
    // Releases in reverse order. Fails (Temp) when the dotlock was broken meanwhile.
    Result<void> release();

private:
    int fd_ = -1;
    bool exclusive_ = false;
    std::vector<LockMethod> kernel_;  // kernel locks held on fd_, in the order taken
    std::optional<Dotlock> dotlock_;
};

}  // namespace roost::storage::mbox
