#include "smtp/proto/data_reader.hpp"

#include <cstring>

namespace roost::smtp::proto {

void DataReader::put(std::string_view run)
{
    if (too_large_) {
        return;
    }
    if (message_.size() + run.size() > max_size_) {
        too_large_ = true;
        message_.clear();
        message_.shrink_to_fit();
        return;
    }
    message_ += run;
}

void DataReader::put(char c) { put(std::string_view(&c, 1)); }

// The bytes of a line up to its first CR or LF, copied at once: most of a message is this.
std::size_t DataReader::take_run(std::string_view bytes, std::size_t from)
{
    const char* start = bytes.data() + from;
    const std::size_t left = bytes.size() - from;
    const void* lf = std::memchr(start, '\n', left);
    const std::size_t until_lf = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - start) : left;
    const void* cr = std::memchr(start, '\r', until_lf);
    const std::size_t run = cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - start) : until_lf;
    put(bytes.substr(from, run));
    return run;
}

std::size_t DataReader::feed(std::string_view bytes)
{
    std::size_t i = 0;
    for (; i < bytes.size() && state_ != State::Done; ++i) {
        if (state_ == State::InLine) {
            i += take_run(bytes, i);
            if (i == bytes.size()) {
                break;
            }
        }
        const char c = bytes[i];
        switch (state_) {
        case State::LineStart:
            if (c == '.') {
                state_ = State::Dot;
            } else if (c == '\r') {
                state_ = State::CR;
            } else if (c == '\n') {
                put('\n');
            } else {
                put(c);
                state_ = State::InLine;
            }
            break;
        case State::Dot:
            if (c == '\r') {
                state_ = State::DotCR;
            } else if (c == '\n') {
                state_ = State::Done;  // ".\n": a bare LF ends the data too, as Postfix sends CRLF anyway
            } else {
                put(c);  // the stuffed dot goes; what follows stays
                state_ = State::InLine;
            }
            break;
        case State::DotCR:
            if (c == '\n') {
                state_ = State::Done;
            } else {
                put('\r');  // ".\r" then not LF: a stuffed line that starts with a bare CR
                if (c == '\r') {
                    state_ = State::CR;
                } else {
                    put(c);
                    state_ = State::InLine;
                }
            }
            break;
        case State::InLine:
            if (c == '\r') {
                state_ = State::CR;
            } else if (c == '\n') {
                put('\n');
                state_ = State::LineStart;
            } else {
                put(c);
            }
            break;
        case State::CR:
            if (c == '\n') {
                put('\n');
                state_ = State::LineStart;
            } else {
                put('\r');
                if (c != '\r') {
                    put(c);
                    state_ = State::InLine;
                }
            }
            break;
        case State::Done: break;
        }
    }
    return i;
}

}  // namespace roost::smtp::proto
