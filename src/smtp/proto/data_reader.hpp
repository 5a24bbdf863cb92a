// DataReader: the message after DATA (RFC 5321 section 4.5.2): bytes in until the line with a
// single ".", dot-stuffing removed and CRLF line ends turned into LF (how Roost stores mail, as
// the LDA receives it from Postfix). A message over the size limit is read to its end and
// reported, never kept in memory. Pure: fed whole or byte by byte it gives the same message.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace roost::smtp::proto {

class DataReader {
public:
    explicit DataReader(std::size_t max_size) : max_size_(max_size) {}

    // Consumes bytes up to the end of the data; returns how many it took (the rest belongs
    // to the next command).
    std::size_t feed(std::string_view bytes);
    bool done() const { return state_ == State::Done; }
    bool too_large() const { return too_large_; }
    // The message (valid once done() and not too_large()).
    std::string& message() { return message_; }

private:
    enum class State { LineStart, Dot, DotCR, InLine, CR, Done };
    void put(char c);
    void put(std::string_view run);
    std::size_t take_run(std::string_view bytes, std::size_t from);

    std::size_t max_size_;
    State state_ = State::LineStart;
    std::string message_;
    bool too_large_ = false;
};

}  // namespace roost::smtp::proto
