// Dotlock: an exclusive lock held by creating a file with O_EXCL (dovecot-uidlist.lock and the
// like), shared safely with Dovecot, which locks the same files the same way.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

#include "core/result.hpp"

namespace roost::storage {

struct LockSettings {
    // How long acquire() waits for another holder before giving up with InUse.
    std::chrono::milliseconds timeout{std::chrono::seconds(150)};
    // A lock whose holder cannot be shown alive is broken once it is this old. Dovecot uses two
    // minutes for dovecot-uidlist.lock and refreshes its locks while it holds them.
    std::chrono::seconds stale_after{120};
};

class Dotlock {
public:
    Dotlock() = default;
    Dotlock(const Dotlock&) = delete;
    Dotlock& operator=(const Dotlock&) = delete;
    Dotlock(Dotlock&& other) noexcept;
    Dotlock& operator=(Dotlock&& other) noexcept;
    ~Dotlock();  // releases; errors are only logged

    // Creates `lock_path` exclusively, writing "<pid>:<host>" into it so others can tell when
    // the holder died. A lock whose holder is a dead process on this host is broken at once;
    // any other lock only once it is older than stale_after. InUse after the timeout.
    static Result<Dotlock> acquire(const std::string& lock_path, const LockSettings& settings);

    bool held() const { return !path_.empty(); }
    const std::string& path() const { return path_; }

    // Removes the lock file if it is still ours. Fails (Temp) when someone broke the lock
    // meanwhile: whatever was done under it may have raced with another writer.
    Result<void> release();

private:
    std::string path_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
};

}  // namespace roost::storage
