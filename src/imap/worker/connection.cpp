// Blocking, buffered I/O on the client's socket.
#include "imap/worker/connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace roost::imap {
namespace {

// How long a write may wait for a client that does not read before the session is given up.
constexpr int kWriteStallMs = 5 * 60 * 1000;

}  // namespace

Connection::Connection(int fd) : fd_(fd)
{
    const int on = 1;
    // Fails harmlessly on a socketpair or pipe (tests, the TLS proxy's local end).
    (void)::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

bool Connection::flush()
{
    std::string_view rest = out_;
    while (!broken_ && !rest.empty()) {
        const ssize_t n = ::write(fd_, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // The login process hands the socket over non-blocking: wait for the client to
            // read (a big FETCH easily outruns a slow link), as a blocking write would.
            pollfd p{fd_, POLLOUT, 0};
            int ready = 0;
            do {
                ready = ::poll(&p, 1, kWriteStallMs);
            } while (ready < 0 && errno == EINTR);
            if (ready > 0) {
                continue;
            }
        }
        if (n <= 0) {
            broken_ = true;
            break;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
        bytes_out_ += static_cast<std::uint64_t>(n);
    }
    out_.clear();
    return !broken_;
}

Connection::ReadStatus Connection::read_some(std::string& into, std::chrono::milliseconds timeout)
{
    if (!flush()) {
        return ReadStatus::Closed;
    }
    pollfd p{fd_, POLLIN, 0};
    int ready = 0;
    do {
        ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) {
        return ReadStatus::TimedOut;
    }
    if (ready < 0) {
        return ReadStatus::Closed;
    }
    // 16 KiB: enough for any command line, and a session's stack pages stay resident.
    char buf[16384];
    ssize_t n = 0;
    do {
        n = ::read(fd_, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        return ReadStatus::Closed;
    }
    into.append(buf, static_cast<std::size_t>(n));
    bytes_in_ += static_cast<std::uint64_t>(n);
    return ReadStatus::Data;
}

}  // namespace roost::imap
