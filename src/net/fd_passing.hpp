// Passing descriptors between processes over unix sockets (SCM_RIGHTS), with a payload that
// travels in the same message, so the receiver never gets one without the other.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/unique_fd.hpp"

namespace roost::net {

// Sends `fd` and `payload` (at least one byte; at most 64 KiB) in one message. Blocking.
Result<void> send_fd(int socket, int fd, std::string_view payload);

struct ReceivedFd {
    UniqueFd fd;          // invalid when the message carried no descriptor
    std::string payload;  // empty at end of stream
};

// Receives one message of at most max_payload bytes; extra descriptors are closed. Blocking.
Result<ReceivedFd> receive_fd(int socket, std::size_t max_payload = 65536);

}  // namespace roost::net
