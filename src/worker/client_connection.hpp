// ClientConnection: a worker's blocking I/O on its one client (each worker process serves one
// client, so nothing needs to be asynchronous): reads with an idle timeout, and replies
// collected in one buffer that leaves in one write before the worker waits for input again,
// so pipelined commands get their answers in few packets.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roost::worker {

class ClientConnection {
public:
    explicit ClientConnection(int fd) : fd_(fd) {}
    ~ClientConnection() { flush(); }
    ClientConnection(const ClientConnection&) = delete;
    ClientConnection& operator=(const ClientConnection&) = delete;

    enum class ReadStatus { Data, Closed, TimedOut };
    struct ReadResult {
        ReadStatus status = ReadStatus::Closed;
        std::string bytes;
    };
    // Flushes what is pending, then waits up to `timeout` for bytes from the client.
    ReadResult read_some(std::chrono::seconds timeout);

    // Queues bytes; they leave at the next read_some(), flush(), or when the buffer is large.
    void send(std::string_view bytes);
    // False when the client is gone.
    bool flush();

    int fd() const { return fd_; }
    std::uint64_t bytes_in() const { return bytes_in_; }
    std::uint64_t bytes_out() const { return bytes_out_; }

private:
    static constexpr std::size_t kFlushAt = 256 * 1024;
    int fd_;
    std::string out_;
    std::uint64_t bytes_in_ = 0;
    std::uint64_t bytes_out_ = 0;
};

}  // namespace roost::worker
