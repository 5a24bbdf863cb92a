// Passing descriptors over unix sockets.
#include "net/fd_passing.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace roost::net {

Result<void> send_fd(int socket, int fd, std::string_view payload)
{
    if (payload.empty() || payload.size() > 65536) {
        return Error{std::make_error_code(std::errc::invalid_argument), "send_fd: payload must be 1..65536 bytes"};
    }
    iovec iov{const_cast<char*>(payload.data()), payload.size()};  // NOLINT: sendmsg does not write
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    ssize_t n = 0;
    do {
        n = ::sendmsg(socket, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno_error("sendmsg(SCM_RIGHTS)");
    }
    if (static_cast<std::size_t>(n) != payload.size()) {
        return Error{std::make_error_code(std::errc::message_size), "sendmsg: short write of fd payload"};
    }
    return {};
}

Result<ReceivedFd> receive_fd(int socket, std::size_t max_payload)
{
    std::vector<char> buf(max_payload);
    iovec iov{buf.data(), buf.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 8)] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t n = 0;
    do {
        n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno_error("recvmsg(SCM_RIGHTS)");
    }
    ReceivedFd out;
    // Take ownership of every descriptor first, so none leaks whatever happens next.
    std::vector<UniqueFd> fds;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (std::size_t i = 0; i < count; ++i) {
                int fd = -1;
                std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                fds.emplace_back(fd);
            }
        }
    }
    if ((msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0) {
        return Error{std::make_error_code(std::errc::message_size), "recvmsg: message or descriptors truncated"};
    }
    if (!fds.empty()) {
        out.fd = std::move(fds.front());  // the rest close with the vector
    }
    out.payload.assign(buf.data(), static_cast<std::size_t>(n));
    return out;
}

}  // namespace roost::net
