// ChangeWatcher: a descriptor that becomes readable when another process changes a mailbox's
// directories (inotify), so IDLE reports new mail and expunges at once instead of polling.
#pragma once

#include <string>
#include <vector>

#include "core/unique_fd.hpp"

namespace roost::imap {

class ChangeWatcher {
public:
    // Watches `paths` for entries created, deleted or renamed. valid() is false when inotify
    // is not available (or `paths` is empty); callers then poll.
    explicit ChangeWatcher(const std::vector<std::string>& paths);

    bool valid() const { return fd_.get() >= 0; }
    int fd() const { return fd_.get(); }
    // Reads and forgets the pending events; true when there were any.
    bool drain();

private:
    UniqueFd fd_;
};

}  // namespace roost::imap
