#include "managesieve/proto/managesieve_receiver.hpp"

#include <algorithm>

namespace roost::managesieve::proto {
namespace {

bool is_atom_char(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '"' && c != '{' && c != '}' && c != '(' && c != ')' && c != '\\';
}

bool all_digits(std::string_view s)
{
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace

void Receiver::feed(std::string_view bytes)
{
    // Drop what was consumed before growing, so a long session does not keep its history.
    if (pos_ > 0 && pos_ == buf_.size()) {
        buf_.clear();
        pos_ = 0;
    } else if (pos_ > 65536) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    buf_.append(bytes);
}

std::string Receiver::take_unparsed()
{
    std::string rest = buf_.substr(pos_);
    buf_.clear();
    pos_ = 0;
    return rest;
}

Receiver::Parsed Receiver::parse(std::string_view text) const
{
    Parsed p;
    std::size_t i = 0;
    std::size_t line_bytes = 0;  // outside literals
    const auto fail = [&](std::string why) {
        p.status = Status::Error;
        p.error = std::move(why);
        p.consumed = i;
        return p;
    };
    bool need_space = false;
    while (true) {
        if (i >= text.size()) {
            return p;  // Incomplete
        }
        const char c = text[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r') {
                if (i + 1 >= text.size()) {
                    return p;
                }
                if (text[i + 1] != '\n') {
                    ++i;
                    return fail("CR without LF");
                }
                ++i;
            }
            ++i;
            if (p.line.words.empty()) {
                p = fail("Empty command line");
                p.line_ended = true;
                return p;
            }
            p.status = Status::Complete;
            p.consumed = i;
            return p;
        }
        if (need_space) {
            if (c != ' ') {
                return fail("Expected a space between arguments");
            }
            ++i;
            ++line_bytes;
            need_space = false;
            continue;
        }
        if (c == ' ') {
            return fail("Unexpected space");
        }
        Word w;
        if (c == '"') {
            w.kind = Word::Kind::String;
            std::size_t j = i + 1;
            for (;; ++j) {
                if (j >= text.size()) {
                    return line_bytes + (j - i) > limits_.max_line ? fail("Line too long") : p;
                }
                const char q = text[j];
                if (q == '"') {
                    break;
                }
                if (q == '\r' || q == '\n') {
                    i = j;
                    return fail("Line break inside a quoted string");
                }
                if (q == '\\') {
                    if (j + 1 >= text.size()) {
                        return p;
                    }
                    const char e = text[++j];
                    if (e != '"' && e != '\\') {
                        i = j;
                        return fail("Invalid escape in a quoted string");
                    }
                    w.value += e;
                } else {
                    w.value += q;
                }
            }
            line_bytes += j + 1 - i;
            i = j + 1;
        } else if (c == '{') {
            // The size is a few digits: look for the '}' close by, never past the line's end.
            const std::string_view head = text.substr(i, 24);
            const std::size_t close_in_head = head.substr(0, head.find('\n')).find('}');
            if (close_in_head == std::string_view::npos) {
                return head.size() == 24 || head.find('\n') != std::string_view::npos ? fail("Invalid literal") : p;
            }
            const std::size_t close = i + close_in_head;
            std::string_view spec = text.substr(i + 1, close - i - 1);
            if (!spec.empty() && spec.back() == '+') {
                spec.remove_suffix(1);
            }
            if (!all_digits(spec) || spec.size() > 12) {
                i = close + 1;
                return fail("Invalid literal size");
            }
            const std::size_t size = std::stoull(std::string(spec));
            std::size_t data = close + 1;
            if (data < text.size() && text[data] == '\r') {
                ++data;
            }
            if (data >= text.size()) {
                return p;
            }
            if (text[data] != '\n') {
                i = data;
                return fail("A literal's size must end the line");
            }
            ++data;
            line_bytes += data - i;
            if (size > limits_.max_literal) {
                i = data;
                p = fail("Literal too large");
                p.skip_literal = size;
                return p;
            }
            if (text.size() - data < size) {
                return p;  // the literal has not all arrived yet
            }
            w.kind = Word::Kind::String;
            w.value.assign(text.substr(data, size));
            i = data + size;
        } else if (is_atom_char(c)) {
            std::size_t j = i;
            while (j < text.size() && is_atom_char(text[j])) {
                ++j;
            }
            if (j >= text.size()) {
                return j - i > limits_.max_line ? fail("Line too long") : p;
            }
            w.value.assign(text.substr(i, j - i));
            w.kind = all_digits(w.value) ? Word::Kind::Number : Word::Kind::Atom;
            line_bytes += j - i;
            i = j;
        } else {
            return fail("Invalid character in command");
        }
        if (line_bytes > limits_.max_line) {
            return fail("Line too long");
        }
        p.line.words.push_back(std::move(w));
        need_space = true;
    }
}

std::optional<ReceiverEvent> Receiver::next()
{
    for (;;) {
        if (literal_skip_ > 0) {
            const std::size_t n = std::min(literal_skip_, buf_.size() - pos_);
            pos_ += n;
            literal_skip_ -= n;
            if (literal_skip_ > 0) {
                return std::nullopt;
            }
            discarding_ = true;
        }
        if (discarding_) {
            const std::size_t nl = buf_.find('\n', pos_);
            if (nl == std::string::npos) {
                pos_ = buf_.size();
                return std::nullopt;
            }
            pos_ = nl + 1;
            discarding_ = false;
        }
        if (pos_ >= buf_.size()) {
            return std::nullopt;
        }
        Parsed p = parse(std::string_view(buf_).substr(pos_));
        switch (p.status) {
        case Status::Incomplete:
            if (buf_.size() - pos_ > limits_.max_line + limits_.max_literal + 64) {
                discarding_ = true;
                return ParseError{"Line too long"};
            }
            return std::nullopt;
        case Status::Complete:
            pos_ += p.consumed;
            return std::move(p.line);
        case Status::Error: {
            pos_ += p.consumed;
            literal_skip_ = p.skip_literal;
            // Unless the error consumed the line's LF, the rest of the line goes too.
            discarding_ = literal_skip_ == 0 && !p.line_ended;
            return ParseError{std::move(p.error)};
        }
        }
    }
}

}  // namespace roost::managesieve::proto
