// The ManageSieve receiver (RFC 5804): bytes from the client in, one parsed line at a time out.
// A line is words separated by spaces up to CRLF: atoms (command names, "*"), numbers, quoted
// strings and literals ({N+} or {N}, both taken without a continuation as Pigeonhole does).
// Pure: no I/O, so it is unit-tested whole and byte by byte, and fuzzed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace roost::managesieve::proto {

struct Word {
    enum class Kind { Atom, Number, String };
    Kind kind = Kind::Atom;
    std::string value;  // a number's digits; a string's content (unescaped)

    bool is_string() const { return kind == Kind::String; }
};

struct Line {
    std::vector<Word> words;
};

// A line that could not be parsed; the receiver has skipped it (and any literal it announced).
struct ParseError {
    std::string text;
};

using ReceiverEvent = std::variant<Line, ParseError>;

struct ReceiverLimits {
    std::size_t max_line = 8192;              // bytes of a line outside its literals
    std::size_t max_literal = 16 * 1024 * 1024;  // bytes of one literal (scripts are smaller)
};

class Receiver {
public:
    explicit Receiver(ReceiverLimits limits = {}) : limits_(limits) {}

    void feed(std::string_view bytes);
    // The next line or error; nullopt when more bytes are needed.
    std::optional<ReceiverEvent> next();

    // Bytes fed but not yet returned as a line (pipelined input).
    std::size_t buffered() const { return buf_.size() - pos_; }
    // Hands over those bytes (to the worker a login process passes the client to).
    std::string take_unparsed();

private:
    enum class Status { Complete, Incomplete, Error };
    struct Parsed {
        Status status = Status::Incomplete;
        Line line;
        std::string error;
        std::size_t consumed = 0;      // bytes of the line (Complete) or up to the error
        std::size_t skip_literal = 0;  // Error: bytes of an announced literal still to skip
        bool line_ended = false;       // Error: the line's LF is consumed already
    };
    Parsed parse(std::string_view text) const;

    ReceiverLimits limits_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::size_t literal_skip_ = 0;  // bytes to drop before resuming (a refused literal)
    bool discarding_ = false;       // dropping the rest of a bad line
};

}  // namespace roost::managesieve::proto
