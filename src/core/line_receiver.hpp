// LineReceiver: bytes in, complete lines out, for the line-based protocols (auth, POP3, SMTP).
// An over-long line is reported once and its rest discarded without being buffered.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace roost {

class LineReceiver {
public:
    struct Event {
        enum class Kind { Line, TooLong };
        Kind kind = Kind::Line;
        std::string line;  // without the LF (and without a CR before it when strip_cr)
    };

    // max_line counts the bytes before the LF.
    explicit LineReceiver(std::size_t max_line, bool strip_cr = true)
        : max_line_(max_line), strip_cr_(strip_cr) {}

    void feed(std::string_view bytes);
    // The next complete event, or nullopt when more bytes are needed.
    std::optional<Event> next();
    // Bytes of an unfinished line held so far.
    std::size_t pending() const { return partial_.size(); }

private:
    std::size_t max_line_;
    bool strip_cr_;
    bool discarding_ = false;  // inside an over-long line, waiting for its LF
    std::string partial_;
    std::deque<Event> ready_;
};

}  // namespace roost
