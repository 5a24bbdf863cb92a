// The IMAP command receiver: a byte-driven state machine over the client's input.
#include "imap/proto/imap_receiver.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>

#include "core/strings.hpp"
#include "mail/utf8.hpp"

namespace roost::imap::proto {
namespace {

// Largest literal size we read: 2^63 - 1, as RFC 9051 number64.
constexpr std::uint64_t kMaxNumber64 = std::numeric_limits<std::int64_t>::max();
// Enough of a skipped line's end to hold "~{" + 19 digits + "+}" + CR.
constexpr std::size_t kTailKeep = 32;

std::string char_problem(char c, std::string_view where)
{
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
        return "8-bit character in " + std::string(where);
    }
    if (u < 0x20 || u == 0x7f) {
        return "Control character in " + std::string(where);
    }
    return "Invalid character '" + std::string(1, c) + "' in " + std::string(where);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' ||
           c == '_' || c == '.';
}

// When `tail` (the end of a skipped line, without its LF) ends in a non-synchronising literal
// "{n+}", stores n and returns true. `overflow` is set when n does not fit 63 bits, or when
// the digits reach back past the kept tail (`cut`: the line was longer), so n is unknown.
bool ends_in_nonsync_literal(std::string_view tail, bool cut, std::uint64_t& n, bool& overflow)
{
    if (!tail.empty() && tail.back() == '\r') {
        tail.remove_suffix(1);
    }
    if (tail.size() < 3 || tail.substr(tail.size() - 2) != "+}") {
        return false;
    }
    tail.remove_suffix(2);
    std::size_t first = tail.size();
    while (first > 0 && is_digit(tail[first - 1])) {
        --first;
    }
    n = 0;
    overflow = false;
    if (first == tail.size()) {
        return false;
    }
    if (first == 0) {
        overflow = cut;  // leading zeros, perhaps, longer than what was kept
        return cut;
    }
    if (tail[first - 1] != '{') {
        return false;
    }
    for (const char c : tail.substr(first)) {
        const auto d = static_cast<std::uint64_t>(c - '0');
        if (n > (kMaxNumber64 - d) / 10) {
            overflow = true;
        } else {
            n = n * 10 + d;
        }
    }
    return true;
}

}  // namespace

ImapReceiver::ImapReceiver(ReceiverLimits limits) : limits_(limits)
{
    reset_command();
}

void ImapReceiver::feed(std::string_view bytes)
{
    buf_.append(bytes);
}

void ImapReceiver::expect_line()
{
    assert(state_ == State::LineStart);
    state_ = State::RawLine;
    token_.clear();
    raw_too_long_ = false;
}

void ImapReceiver::reject_literal()
{
    assert(continuation_pending_);
    continuation_pending_ = false;
    reset_command();
    state_ = State::LineStart;
    line_start_ = std::string::npos;
}

std::optional<ReceiverEvent> ImapReceiver::next()
{
    continuation_pending_ = false;
    std::optional<ReceiverEvent> event;
    while (!event && pos_ < buf_.size()) {
        switch (state_) {
            case State::LiteralData:
                take_literal_data();
                break;
            case State::Discard:
                event = take_discarded();
                break;
            case State::DiscardLiteral: {
                const std::uint64_t k = std::min<std::uint64_t>(literal_left_, buf_.size() - pos_);
                pos_ += static_cast<std::size_t>(k);
                literal_left_ -= k;
                if (literal_left_ == 0) {
                    state_ = State::Discard;
                }
                break;
            }
            case State::RawLine:
                event = take_raw_line();
                break;
            case State::Atom:
            case State::Quoted:
                event = take_plain_run();
                if (!event && pos_ < buf_.size()) {
                    event = step(buf_[pos_]);
                }
                break;
            default:
                event = step(buf_[pos_]);
                break;
        }
    }
    // Drop what was parsed but the current line; keep the copy cheap while a big literal
    // streams in.
    const std::size_t keep = line_start_ < pos_ ? line_start_ : pos_;
    if (keep == buf_.size() || (keep >= 65536 && keep * 2 >= buf_.size())) {
        buf_.erase(0, keep);
        pos_ -= keep;
        if (line_start_ != std::string::npos) {
            line_start_ -= keep;
        }
    }
    return event;
}

std::optional<ReceiverEvent> ImapReceiver::step(char c)
{
    switch (state_) {
        case State::LineStart:
            if (c == '\r' || c == '\n') {
                ++pos_;  // blank lines between commands are ignored
                return std::nullopt;
            }
            reset_command();
            state_ = State::Tag;
            line_start_ = pos_;
            return std::nullopt;
        case State::Tag:
            return on_tag(c);
        case State::Name:
            return on_name(c);
        case State::ArgStart:
            return on_arg_start(c);
        case State::Atom:
            return on_atom(c);
        case State::Quoted:
        case State::QuotedEscape:
            return on_quoted(c);
        case State::LiteralSize:
        case State::LiteralPlus:
        case State::LiteralClose:
        case State::LiteralCR:
            return on_literal_header(c);
        case State::EndCR:
            if (c != '\n') {
                return fail(ImapProtoError::Syntax, "CR not followed by LF");
            }
            ++pos_;
            return end_of_line();
        case State::LiteralData:
        case State::Discard:
        case State::DiscardLiteral:
        case State::RawLine:
            break;
    }
    assert(false && "state handled in next()");
    return std::nullopt;
}

std::optional<ReceiverEvent> ImapReceiver::on_tag(char c)
{
    if (is_tag_char(c)) {
        if (!count(1)) {
            cmd_.tag.clear();
            return fail(ImapProtoError::LineTooLong, "Command line too long");
        }
        cmd_.tag += c;
        ++pos_;
        return std::nullopt;
    }
    if (c == ' ' && !cmd_.tag.empty()) {
        ++pos_;
        state_ = State::Name;
        return count(1) ? std::nullopt
                        : std::optional<ReceiverEvent>(
                              fail(ImapProtoError::LineTooLong, "Command line too long"));
    }
    if ((c == '\r' || c == '\n') && !cmd_.tag.empty()) {
        return fail(ImapProtoError::Syntax, "Missing command name");
    }
    const bool missing = cmd_.tag.empty() && c == ' ';
    cmd_.tag.clear();  // a tag with junk in it is no tag to answer with
    return fail(ImapProtoError::Syntax, missing ? "Missing tag" : char_problem(c, "tag"));
}

std::optional<ReceiverEvent> ImapReceiver::on_name(char c)
{
    if (is_name_char(c)) {
        if (!count(1)) {
            return fail(ImapProtoError::LineTooLong, "Command line too long");
        }
        token_ += ascii_upper(c);
        ++pos_;
        return std::nullopt;
    }
    if (c != ' ' && c != '\r' && c != '\n') {
        return fail(ImapProtoError::Syntax, char_problem(c, "command name"));
    }
    if (token_.empty()) {
        return fail(ImapProtoError::Syntax, cmd_.name.empty() ? "Missing command name"
                                                              : "UID needs a command name");
    }
    if (cmd_.name.empty()) {
        cmd_.name = std::move(token_);
        token_.clear();
        if (cmd_.name == "UID") {
            if (c != ' ') {
                return fail(ImapProtoError::Syntax, "UID needs a command name");
            }
            ++pos_;
            return count(1) ? std::nullopt
                            : std::optional<ReceiverEvent>(
                                  fail(ImapProtoError::LineTooLong, "Command line too long"));
        }
    } else {
        cmd_.name += ' ';
        cmd_.name += token_;
        token_.clear();
    }
    state_ = State::ArgStart;
    need_space_ = false;
    if (c == ' ') {
        ++pos_;
        if (!count(1)) {
            return fail(ImapProtoError::LineTooLong, "Command line too long");
        }
    }
    return std::nullopt;
}

std::optional<ReceiverEvent> ImapReceiver::on_arg_start(char c)
{
    // The line ending is not command text.
    if (c == '\n') {
        ++pos_;
        return end_of_line();
    }
    if (c == '\r') {
        ++pos_;
        state_ = State::EndCR;
        return std::nullopt;
    }
    if (!count(1)) {
        return fail(ImapProtoError::LineTooLong, "Command line too long");
    }
    switch (c) {
        case ' ':
            ++pos_;
            need_space_ = false;
            return std::nullopt;
        case ')':
            if (stack_.size() == 1) {
                return fail(ImapProtoError::Syntax, "Unexpected ')'");
            }
            ++pos_;
            stack_.pop_back();
            need_space_ = true;
            return std::nullopt;
        default:
            break;
    }
    if (need_space_) {
        return fail(ImapProtoError::Syntax, "Missing space between arguments");
    }
    switch (c) {
        case '(': {
            if (stack_.size() > limits_.max_nesting) {
                return fail(ImapProtoError::Syntax, "Lists nested too deeply");
            }
            ++pos_;
            Arg list;
            list.kind = Arg::Kind::List;
            current_list().push_back(std::move(list));
            stack_.push_back(&current_list().back().items);
            return std::nullopt;
        }
        case '"':
            ++pos_;
            token_.clear();
            state_ = State::Quoted;
            return std::nullopt;
        case '{':
            ++pos_;
            literal8_ = false;
            literal_size_ = 0;
            literal_digits_ = literal_overflow_ = literal_nonsync_ = false;
            state_ = State::LiteralSize;
            return std::nullopt;
        default:
            break;
    }
    if (is_atom_char(c)) {
        --line_bytes_;  // counted again by the atom
        token_.clear();
        brackets_ = 0;
        section_ = false;
        state_ = State::Atom;
        return std::nullopt;
    }
    return fail(ImapProtoError::Syntax, char_problem(c, "argument"));
}

namespace {

// Only FETCH's section items open a bracketed part that may hold spaces and parentheses
// (BODY[HEADER.FIELDS (To)]); a '[' anywhere else is an ordinary atom character, as in the
// keyword "foo[bar" or the mailbox "[Gmail]/Sent".
bool opens_section(std::string_view token)
{
    for (const std::string_view item : {"BODY", "BODY.PEEK", "BINARY", "BINARY.PEEK", "BINARY.SIZE"}) {
        if (iequals(token, item)) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::optional<ReceiverEvent> ImapReceiver::on_atom(char c)
{
    if (brackets_ > 0) {
        if (c == '\r' || c == '\n') {
            return fail(ImapProtoError::Syntax, "Missing ']'");
        }
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f) {
            return fail(ImapProtoError::Syntax, char_problem(c, "section"));
        }
        if (c == '[' && ++brackets_ > limits_.max_nesting) {
            return fail(ImapProtoError::Syntax, "Sections nested too deeply");
        }
        if (c == ']') {
            --brackets_;
        }
    } else if (c == ' ' || c == ')' || c == '\r' || c == '\n') {
        Arg arg;
        arg.kind = !section_ && iequals(token_, "NIL") ? Arg::Kind::Nil : Arg::Kind::Atom;
        arg.value = std::move(token_);
        arg.has_section = section_;
        token_.clear();
        finish_token(std::move(arg));
        return std::nullopt;
    } else if (c == '{' && token_ == "~") {
        // "~{n}": a literal8 (RFC 3516), not an atom
        if (!count(1)) {
            return fail(ImapProtoError::LineTooLong, "Command line too long");
        }
        ++pos_;
        token_.clear();
        literal8_ = true;
        literal_size_ = 0;
        literal_digits_ = literal_overflow_ = literal_nonsync_ = false;
        state_ = State::LiteralSize;
        return std::nullopt;
    } else if (c == '[' && opens_section(token_)) {
        section_ = true;
        brackets_ = 1;
    } else if (!is_atom_char(c)) {
        return fail(ImapProtoError::Syntax, char_problem(c, "atom"));
    }
    if (!count(1)) {
        return fail(ImapProtoError::LineTooLong, "Command line too long");
    }
    token_ += c;
    ++pos_;
    return std::nullopt;
}

std::optional<ReceiverEvent> ImapReceiver::on_quoted(char c)
{
    if (state_ == State::QuotedEscape) {
        if (c != '"' && c != '\\') {
            return fail(ImapProtoError::Syntax, "Invalid escape in quoted string");
        }
        state_ = State::Quoted;
    } else if (c == '"') {
        if (!count(1)) {
            return fail(ImapProtoError::LineTooLong, "Command line too long");
        }
        ++pos_;
        if (limits_.utf8_quoted && !mail::is_valid_utf8(token_)) {
            return fail(ImapProtoError::Syntax, "Invalid UTF-8 in quoted string");
        }
        Arg arg;
        arg.kind = Arg::Kind::Quoted;
        arg.value = std::move(token_);
        token_.clear();
        finish_token(std::move(arg));
        return std::nullopt;
    } else if (c == '\\') {
        if (!count(1)) {
            return fail(ImapProtoError::LineTooLong, "Command line too long");
        }
        ++pos_;
        state_ = State::QuotedEscape;
        return std::nullopt;
    } else if (c == '\r' || c == '\n') {
        return fail(ImapProtoError::Syntax, "Missing '\"' at the end of a quoted string");
    } else if (c == '\0') {
        return fail(ImapProtoError::Syntax, "NUL in quoted string");
    } else if (static_cast<unsigned char>(c) >= 0x80 && !limits_.utf8_quoted) {
        return fail(ImapProtoError::Syntax, "8-bit character in quoted string; use a literal");
    }
    if (!count(1)) {
        return fail(ImapProtoError::LineTooLong, "Command line too long");
    }
    token_ += c;
    ++pos_;
    return std::nullopt;
}

std::optional<ReceiverEvent> ImapReceiver::on_literal_header(char c)
{
    if (!count(1)) {
        return fail(ImapProtoError::LineTooLong, "Command line too long");
    }
    switch (state_) {
        case State::LiteralSize:
            if (is_digit(c)) {
                const auto d = static_cast<std::uint64_t>(c - '0');
                if (literal_size_ > (kMaxNumber64 - d) / 10) {
                    literal_overflow_ = true;
                } else {
                    literal_size_ = literal_size_ * 10 + d;
                }
                literal_digits_ = true;
                ++pos_;
                return std::nullopt;
            }
            if ((c == '+' || c == '}') && literal_digits_) {
                ++pos_;
                literal_nonsync_ = c == '+';
                state_ = c == '+' ? State::LiteralPlus : State::LiteralClose;
                return std::nullopt;
            }
            return fail(ImapProtoError::Syntax, "Invalid literal size");
        case State::LiteralPlus:
            if (c != '}') {
                return fail(ImapProtoError::Syntax, "Invalid literal size");
            }
            ++pos_;
            state_ = State::LiteralClose;
            return std::nullopt;
        case State::LiteralClose:
            if (c == '\r') {
                ++pos_;
                state_ = State::LiteralCR;
                return std::nullopt;
            }
            if (c == '\n') {
                ++pos_;
                return start_literal();
            }
            return fail(ImapProtoError::Syntax, "A literal's size must end the line");
        default:  // LiteralCR
            if (c != '\n') {
                return fail(ImapProtoError::Syntax, "CR not followed by LF");
            }
            ++pos_;
            return start_literal();
    }
}

std::optional<ReceiverEvent> ImapReceiver::start_literal()
{
    const bool append = cmd_.name == "APPEND";
    const std::uint64_t n = literal_size_;
    std::string too_big;
    bool refused = false;
    if (literal_overflow_) {
        too_big = "Literal size too large";
    } else if (literal_nonsync_ && limits_.literal_minus && n > kLiteralMinusMax) {
        too_big = "Non-synchronizing literal over 4096 bytes; use a synchronizing literal";
    } else if (append && n > limits_.max_literal_size) {
        too_big = "Literal too big (at most " + std::to_string(limits_.max_literal_size) +
                  " bytes)";
        refused = true;
    } else if (append && n > limits_.max_command_size - command_literals_) {
        too_big = "Messages too big together (at most " +
                  std::to_string(limits_.max_command_size) + " bytes)";
        refused = true;
    } else if (!append && n > limits_.max_line_length - line_bytes_) {
        too_big = "Literal too big for this command";
    }
    if (!too_big.empty()) {
        ParseError error = fail(ImapProtoError::TooBig, std::move(too_big));
        error.refused = refused;
        discard_tail_.clear();  // the literal's own line is handled here
        discard_cut_ = false;
        if (!literal_nonsync_) {
            state_ = State::LineStart;  // the client waits for "+" and sends nothing more
        } else if (literal_overflow_) {
            error.fatal = true;  // no way to know where the next command starts
        } else {
            literal_left_ = n;  // skip the bytes the client sends anyway, without keeping them
            state_ = n == 0 ? State::Discard : State::DiscardLiteral;
        }
        return error;
    }
    const bool first_append_literal = append && command_literals_ == 0 && !literal_nonsync_;
    std::vector<Arg> leading_args;
    if (first_append_literal) {
        leading_args = cmd_.args;  // a few small tokens: no message is in them yet
    }
    if (append) {
        command_literals_ += n;
    } else {
        line_bytes_ += static_cast<std::size_t>(n);
    }
    Arg arg;
    arg.kind = Arg::Kind::Literal;
    arg.literal8 = literal8_;
    // Reserve what is likely to come, not what a client claims.
    arg.value.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n, 1u << 20)));
    current_list().push_back(std::move(arg));
    literal_left_ = n;
    need_space_ = true;
    state_ = n == 0 ? State::ArgStart : State::LiteralData;
    // The command goes on in a new line after the literal's bytes.
    line_start_ = n == 0 ? pos_ : std::string::npos;
    if (!literal_nonsync_) {
        continuation_pending_ = true;
        return LiteralContinuation{cmd_.tag, cmd_.name, n, std::move(leading_args)};
    }
    return std::nullopt;
}

std::optional<ReceiverEvent> ImapReceiver::take_plain_run()
{
    // The bytes that on_atom / on_quoted would append one by one, taken in a block; the
    // byte that ends the run goes through the state machine as usual.
    std::size_t end = pos_;
    if (state_ == State::Atom && brackets_ == 0) {
        while (end < buf_.size() && is_atom_char(buf_[end]) && buf_[end] != '[') {
            ++end;
        }
    } else if (state_ == State::Quoted) {
        while (end < buf_.size()) {
            const char c = buf_[end];
            if (c == '"' || c == '\\' || c == '\r' || c == '\n' || c == '\0' ||
                (static_cast<unsigned char>(c) >= 0x80 && !limits_.utf8_quoted)) {
                break;
            }
            ++end;
        }
    }
    if (end == pos_) {
        return std::nullopt;
    }
    if (!count(end - pos_)) {
        return fail(ImapProtoError::LineTooLong, "Command line too long");
    }
    token_.append(buf_, pos_, end - pos_);
    pos_ = end;
    return std::nullopt;
}

void ImapReceiver::take_literal_data()
{
    const auto k = static_cast<std::size_t>(
        std::min<std::uint64_t>(literal_left_, buf_.size() - pos_));
    current_list().back().value.append(buf_, pos_, k);
    pos_ += k;
    literal_left_ -= k;
    if (literal_left_ == 0) {
        state_ = State::ArgStart;
        line_start_ = pos_;
    }
}

std::optional<ReceiverEvent> ImapReceiver::end_of_line()
{
    if (stack_.size() > 1) {
        ParseError error = fail(ImapProtoError::Syntax, "Missing ')'");
        state_ = State::LineStart;
        return error;
    }
    CommandReady ready{std::move(cmd_)};
    last_tag_ = ready.command.tag;
    reset_command();
    state_ = State::LineStart;
    line_start_ = std::string::npos;
    return ready;
}

std::optional<ReceiverEvent> ImapReceiver::take_discarded()
{
    const char* begin = buf_.data() + pos_;
    const std::size_t avail = buf_.size() - pos_;
    const void* lf = std::memchr(begin, '\n', avail);
    const std::size_t len = lf != nullptr ? static_cast<std::size_t>(
                                                static_cast<const char*>(lf) - begin)
                                          : avail;
    const std::size_t keep = std::min(len, kTailKeep);
    discard_cut_ = discard_cut_ || keep < len;
    discard_tail_.append(begin + len - keep, keep);
    if (discard_tail_.size() > kTailKeep) {
        discard_tail_.erase(0, discard_tail_.size() - kTailKeep);
        discard_cut_ = true;
    }
    pos_ += lf != nullptr ? len + 1 : len;
    if (lf == nullptr) {
        return std::nullopt;
    }
    std::uint64_t n = 0;
    bool overflow = false;
    const bool literal = discard_literals_ &&
                         ends_in_nonsync_literal(discard_tail_, discard_cut_, n, overflow);
    discard_cut_ = false;
    discard_tail_.clear();
    if (!literal) {
        state_ = State::LineStart;
        return std::nullopt;
    }
    if (overflow) {
        state_ = State::LineStart;
        return ParseError{"", ImapProtoError::TooBig, "Literal size too large", true};
    }
    // The skipped command goes on after a literal the client sends without waiting.
    literal_left_ = n;
    state_ = n == 0 ? State::Discard : State::DiscardLiteral;
    return std::nullopt;
}

std::optional<ReceiverEvent> ImapReceiver::take_raw_line()
{
    const char* begin = buf_.data() + pos_;
    const std::size_t avail = buf_.size() - pos_;
    const void* lf = std::memchr(begin, '\n', avail);
    const std::size_t len = lf != nullptr ? static_cast<std::size_t>(
                                                static_cast<const char*>(lf) - begin)
                                          : avail;
    pos_ += lf != nullptr ? len + 1 : len;
    // One byte of slack for the CR that belongs to the line ending. Checked before keeping
    // the bytes, so an over-long line is never held.
    if (token_.size() + len > limits_.max_line_length + 1) {
        token_.clear();
        state_ = lf != nullptr ? State::LineStart : State::Discard;
        discard_literals_ = false;
        discard_tail_.clear();
        return ParseError{last_tag_, ImapProtoError::LineTooLong, "Line too long", false};
    }
    token_.append(begin, len);
    if (lf == nullptr) {
        return std::nullopt;
    }
    if (!token_.empty() && token_.back() == '\r') {
        token_.pop_back();
    }
    LineReady ready{std::move(token_)};
    token_.clear();
    state_ = State::LineStart;
    return ready;
}

ParseError ImapReceiver::fail(ImapProtoError code, std::string text)
{
    ParseError error{cmd_.tag, code, std::move(text), false};
    reset_command();
    state_ = State::Discard;
    discard_literals_ = true;
    discard_tail_.clear();
    discard_cut_ = false;
    if (line_start_ < pos_) {
        const std::size_t from = std::max(line_start_, pos_ - std::min(pos_, kTailKeep));
        discard_tail_.assign(buf_, from, pos_ - from);
        discard_cut_ = from > line_start_;
    }
    line_start_ = std::string::npos;
    return error;
}

bool ImapReceiver::count(std::size_t n)
{
    line_bytes_ += n;
    return line_bytes_ <= limits_.max_line_length;
}

void ImapReceiver::reset_command()
{
    cmd_ = Command{};
    stack_.assign(1, &cmd_.args);
    line_bytes_ = 0;
    command_literals_ = 0;
    token_.clear();
    need_space_ = false;
    brackets_ = 0;
    section_ = false;
}

void ImapReceiver::finish_token(Arg arg)
{
    current_list().push_back(std::move(arg));
    need_space_ = true;
    state_ = State::ArgStart;
}

std::string ImapReceiver::take_unparsed()
{
    std::string rest = buf_.substr(pos_);
    buf_.clear();
    pos_ = 0;
    return rest;
}

}  // namespace roost::imap::proto
