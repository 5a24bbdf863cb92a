#include "worker/client_connection.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace roost::worker {

ClientConnection::ReadResult ClientConnection::read_some(std::chrono::seconds timeout)
{
    if (!flush()) {
        return {};
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(timeout.count() * 1000));
    if (ready == 0) {
        return {ReadStatus::TimedOut, {}};
    }
    if (ready < 0) {
        return {};
    }
    char buf[16384];
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) {
        return {};
    }
    bytes_in_ += static_cast<std::uint64_t>(n);
    return {ReadStatus::Data, std::string(buf, static_cast<std::size_t>(n))};
}

void ClientConnection::send(std::string_view bytes)
{
    out_ += bytes;
    if (out_.size() >= kFlushAt) {
        flush();
    }
}

bool ClientConnection::flush()
{
    std::string_view bytes = out_;
    bool ok = true;
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ok = false;
            break;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        bytes_out_ += static_cast<std::uint64_t>(n);
    }
    out_.clear();
    return ok;
}

}  // namespace roost::worker
