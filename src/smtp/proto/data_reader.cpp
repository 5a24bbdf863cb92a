#include "smtp/proto/data_reader.hpp"

namespace roost::smtp::proto {

void DataReader::put(char c)
{
    if (too_large_) {
        return;
    }
    if (message_.size() >= max_size_) {
        too_large_ = true;
        message_.clear();
        message_.shrink_to_fit();
        return;
    }
    message_ += c;
}

std::size_t DataReader::feed(std::string_view bytes)
{
    std::size_t i = 0;
    for (; i < bytes.size() && state_ != State::Done; ++i) {
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
                put('\r');
                put(c);
                state_ = c == '\r' ? State::CR : State::InLine;
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
