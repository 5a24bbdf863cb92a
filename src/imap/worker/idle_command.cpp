// IDLE (RFC 2177): mailbox changes by other processes are reported while the client waits,
// seen through inotify on the mailbox's directories, with a periodic recheck as the fallback
// (and the safety net), and "* OK Still here" to keep NAT mappings alive.
#include <malloc.h>
#include <poll.h>

#include <algorithm>
#include <chrono>

#include "imap/proto/session_args.hpp"
#include "imap/worker/change_watcher.hpp"
#include "imap/worker/session.hpp"

namespace roost::imap {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds left(Clock::time_point since, milliseconds interval, Clock::time_point now)
{
    const auto passed = std::chrono::duration_cast<milliseconds>(now - since);
    return passed >= interval ? milliseconds(0) : interval - passed;
}

}  // namespace

Reply Session::cmd_idle(proto::ParsedCommand&)
{
    if (selected()) {
        sync_and_report();
    }
    out() += "+ idling\r\n";
    receiver_.expect_line();
    ChangeWatcher watcher(selected() ? box_->change_paths() : std::vector<std::string>{});
    auto last_input = Clock::now();
    auto last_notify = last_input;
    auto last_check = last_input;
    bool released = false;  // the mailbox's caches, since the last sync
    for (;;) {
        if (auto event = receiver_.next()) {
            if (const auto* line = std::get_if<proto::LineReady>(&*event); line && proto::is_idle_done(line->line)) {
                return Reply::ok("Idle completed.");
            }
            return Reply::bad("Expected DONE.");
        }
        if (!conn_.flush()) {
            hangup_ = true;
            return Reply::ok("");
        }
        const auto now = Clock::now();
        if (left(last_input, settings_.autologout, now).count() == 0) {
            out() += "* BYE Disconnected for inactivity.\r\n";
            hangup_ = true;
            return Reply::ok("");
        }
        if (left(last_notify, settings_.idle_notify, now).count() == 0) {
            out() += "* OK Still here\r\n";
            last_notify = now;
            continue;
        }
        if (selected() && left(last_check, settings_.idle_check, now).count() == 0) {
            sync_and_report();
            released = false;
            send_highest_modseq();  // QRESYNC (qresync.cpp)
            last_check = now;
            if (logout_) {
                hangup_ = true;
                return Reply::ok("");
            }
            continue;
        }
        milliseconds wait = std::min(left(last_input, settings_.autologout, now), left(last_notify, settings_.idle_notify, now));
        if (selected()) {
            wait = std::min(wait, left(last_check, settings_.idle_check, now));
        }
        if (selected() && !released) {
            // A client may idle for hours: meanwhile the session keeps only the view (as after
            // a quiet second between commands), and a sync that finds nothing reads nothing.
            box_->release_caches();
            ::malloc_trim(0);
            released = true;
        }
        pollfd fds[2] = {{conn_.fd(), POLLIN, 0}, {watcher.fd(), POLLIN, 0}};
        const int nfds = watcher.valid() ? 2 : 1;
        const int ready = ::poll(fds, static_cast<nfds_t>(nfds), static_cast<int>(wait.count()) + 1);
        if (ready <= 0) {
            continue;  // a timer is due (or EINTR): handled at the top
        }
        if (nfds == 2 && (fds[1].revents & POLLIN) != 0) {
            // Let a burst of renames (a client's STORE on many messages) settle, then sync once.
            pollfd settle{watcher.fd(), 0, 0};
            (void)::poll(&settle, 1, 50);
            (void)watcher.drain();
            sync_and_report();
            released = false;
            send_highest_modseq();
            last_check = Clock::now();
            if (logout_) {
                hangup_ = true;
                return Reply::ok("");
            }
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            std::string bytes;
            if (conn_.read_some(bytes, milliseconds(0)) != Connection::ReadStatus::Data) {
                hangup_ = true;
                return Reply::ok("");
            }
            receiver_.feed(bytes);
            last_input = Clock::now();
        }
    }
}

}  // namespace roost::imap
