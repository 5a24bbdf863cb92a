// inotify on a mailbox's directories.
#include "imap/worker/change_watcher.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>

namespace roost::imap {

ChangeWatcher::ChangeWatcher(const std::vector<std::string>& paths)
{
    if (paths.empty()) {
        return;
    }
    UniqueFd fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (fd.get() < 0) {
        return;
    }
    constexpr std::uint32_t kMask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;
    for (const std::string& p : paths) {
        if (::inotify_add_watch(fd.get(), p.c_str(), kMask) < 0) {
            return;  // a path we cannot watch: poll instead of missing its changes
        }
    }
    fd_ = std::move(fd);
}

bool ChangeWatcher::drain()
{
    bool any = false;
    alignas(inotify_event) char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
        if (n > 0) {
            any = true;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return any;
    }
}

}  // namespace roost::imap
