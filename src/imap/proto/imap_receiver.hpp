// ImapReceiver: the pure IMAP command receiver. Bytes from the client go in; complete commands
// (tag, name, token tree), requests for a literal continuation, parse errors and raw lines come
// out. It never does I/O: the net layer feeds what it read, sends "+ OK" when asked to, writes
// the BAD for an error, and calls again. After an error the receiver skips to the end of that
// command (a non-synchronising literal announced on the skipped line is skipped too, so its bytes
// are never taken for a command) and the session goes on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "imap/proto/arg.hpp"
#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {

struct ReceiverLimits {
    // Bytes of one command's text, summed over the lines a literal splits it into. Literals
    // of commands other than APPEND count toward it too (a LOGIN password in a literal is text).
    std::size_t max_line_length = 65536;
    // One APPEND literal (the message); refused with [TOOBIG] before any of it is buffered.
    std::uint64_t max_literal_size = 64u << 20;
    // All literals of one command together (a MULTIAPPEND of several messages).
    std::uint64_t max_command_size = 128u << 20;
    // Parenthesised lists inside each other (SEARCH nests with parentheses).
    std::size_t max_nesting = 32;
    // LITERAL- (RFC 7888) instead of LITERAL+: non-synchronising literals up to 4096 bytes only.
    bool literal_minus = false;
    // 8-bit bytes (valid UTF-8) in quoted strings: IMAP4rev2 and UTF8=ACCEPT (RFC 6855).
    bool utf8_quoted = false;
};

inline constexpr std::uint64_t kLiteralMinusMax = 4096;

// A complete command.
struct CommandReady {
    Command command;
};

// A synchronising literal {n} was announced: send a continuation request ("+ OK") and go on
// feeding; its n bytes come next. Or refuse it (an APPEND over APPENDLIMIT, to a mailbox that
// does not exist): send a tagged NO and call reject_literal(); the client then sends nothing
// more of the command.
struct LiteralContinuation {
    std::string tag;
    std::string name;  // the command's name, as in Command
    std::uint64_t size = 0;
    // APPEND's first literal (the message): the arguments before it (mailbox, flags, date), so
    // that the server can refuse it before it is sent (quota). Empty for other literals.
    std::vector<Arg> leading_args;
};

// The command could not be read. `tag` is empty when the tag itself was not read (answer with
// "* BAD"). `fatal`: the receiver cannot find the next command (a non-synchronising literal of
// unreadable size); the connection should be closed after the answer.
struct ParseError {
    std::string tag;
    ImapProtoError code = ImapProtoError::Syntax;
    std::string text;
    bool fatal = false;
    // A NO, not a BAD: a well-formed APPEND whose message is larger than this server takes
    // (APPENDLIMIT, RFC 7889: "NO [TOOBIG]").
    bool refused = false;
};

// A line read in line mode (expect_line()), without CR LF.
struct LineReady {
    std::string line;
};

using ReceiverEvent = std::variant<CommandReady, LiteralContinuation, ParseError, LineReady>;

class ImapReceiver {
public:
    explicit ImapReceiver(ReceiverLimits limits = {});

    // Appends bytes read from the client. Call next() until it returns nullopt afterwards:
    // parsing happens there, so bytes not yet parsed are all the receiver holds.
    void feed(std::string_view bytes);

    // The next event, or nullopt when more bytes are needed.
    std::optional<ReceiverEvent> next();

    // The next event is one raw line (LineReady): an AUTHENTICATE client response or the
    // "DONE" that ends IDLE. Only between commands (right after a CommandReady).
    void expect_line();

    // After a LiteralContinuation, instead of sending "+": forget the command. Only before the
    // next call to next().
    void reject_literal();

    // IMAP4rev2 / UTF8=ACCEPT enabled: UTF-8 allowed in quoted strings from now on.
    void set_utf8_quoted(bool on) { limits_.utf8_quoted = on; }

    const ReceiverLimits& limits() const { return limits_; }
    // Bytes fed but not parsed yet.
    std::size_t buffered() const { return buf_.size() - pos_; }
    // True between commands (nothing of a command read yet).
    bool at_command_start() const { return state_ == State::LineStart && !line_mode_; }
    // Hands over the bytes fed but not parsed yet (pipelined after the last event), e.g. to
    // the worker a login process passes the client to, and forgets them.
    std::string take_unparsed();

private:
    enum class State {
        LineStart,
        Tag,
        Name,
        ArgStart,
        Atom,
        Quoted,
        QuotedEscape,
        LiteralSize,
        LiteralPlus,
        LiteralClose,
        LiteralCR,
        LiteralData,
        EndCR,
        Discard,
        DiscardLiteral,
        RawLine,
    };

    std::optional<ReceiverEvent> step(char c);
    std::optional<ReceiverEvent> on_tag(char c);
    std::optional<ReceiverEvent> on_name(char c);
    std::optional<ReceiverEvent> on_arg_start(char c);
    std::optional<ReceiverEvent> on_atom(char c);
    std::optional<ReceiverEvent> on_quoted(char c);
    std::optional<ReceiverEvent> on_literal_header(char c);
    std::optional<ReceiverEvent> start_literal();
    std::optional<ReceiverEvent> end_of_line();
    void take_literal_data();
    std::optional<ReceiverEvent> take_plain_run();
    std::optional<ReceiverEvent> take_discarded();
    std::optional<ReceiverEvent> take_raw_line();

    // Reports an error for the command being read and skips the rest of it.
    ParseError fail(ImapProtoError code, std::string text);
    // Counts n bytes of command text; false when that passes max_line_length.
    bool count(std::size_t n);
    void reset_command();
    std::vector<Arg>& current_list() { return *stack_.back(); }
    void finish_token(Arg arg);

    ReceiverLimits limits_;
    std::string buf_;
    std::size_t pos_ = 0;
    State state_ = State::LineStart;
    bool line_mode_ = false;

    Command cmd_;
    std::vector<std::vector<Arg>*> stack_;  // innermost list last; front is cmd_.args
    std::size_t line_bytes_ = 0;
    bool need_space_ = false;  // a token just ended: only SP, ')' or the line end may follow
    std::string token_;
    std::size_t brackets_ = 0;  // '[' nesting inside the current atom
    bool section_ = false;

    std::uint64_t literal_size_ = 0;
    bool literal_digits_ = false;
    bool literal_overflow_ = false;
    bool literal_nonsync_ = false;
    bool literal8_ = false;
    std::uint64_t literal_left_ = 0;
    std::uint64_t command_literals_ = 0;  // literal bytes of the command so far
    bool continuation_pending_ = false;   // a LiteralContinuation was the last event

    // Where the physical line being parsed starts in buf_ (npos outside command text): an
    // error's skipped line must be checked for a {n+} at its end as a whole, also the part
    // read before the error, so buf_ keeps that part.
    std::size_t line_start_ = std::string::npos;
    std::string discard_tail_;     // the last bytes of a skipped line, to spot a {n+} at its end
    bool discard_cut_ = false;      // discard_tail_ lost the start of its line
    bool discard_literals_ = true;  // false while skipping an over-long raw line
    std::string last_tag_;          // of the last command handed out, for raw-line errors
    bool raw_too_long_ = false;
};

}  // namespace roost::imap::proto
