// Connection: the client's socket in an imap worker process, with blocking reads bounded by a
// timeout and output gathered in one buffer that goes out in large writes (before every read,
// and whenever a long answer such as a FETCH of many messages passes kFlushAt).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace roost::imap {

class Connection {
public:
    static constexpr std::size_t kFlushAt = 128 * 1024;

    // Turns Nagle's algorithm off on TCP sockets: replies leave in one write each, and the
    // tail of a long reply must not wait for the client's delayed ACK.
    explicit Connection(int fd);

    int fd() const { return fd_; }

    // The output buffer; append to it, then call maybe_flush() in long loops.
    std::string& out() { return out_; }
    void send(std::string_view bytes) { out_ += bytes; }
    void maybe_flush()
    {
        if (out_.size() >= kFlushAt) {
            flush();
        }
    }
    // Writes everything buffered; false once the client is gone (later calls do nothing).
    bool flush();
    bool broken() const { return broken_; }
    std::uint64_t bytes_in() const { return bytes_in_; }
    std::uint64_t bytes_out() const { return bytes_out_; }

    enum class ReadStatus { Data, Closed, TimedOut };
    // Flushes, then waits up to `timeout` for bytes and appends what one read() returns.
    ReadStatus read_some(std::string& into, std::chrono::milliseconds timeout);

private:
    int fd_;
    std::string out_;
    bool broken_ = false;
    std::uint64_t bytes_in_ = 0;
    std::uint64_t bytes_out_ = 0;
};

}  // namespace roost::imap
