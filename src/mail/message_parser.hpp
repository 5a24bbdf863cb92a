// MessageParser: a streaming RFC 5322 + MIME parser that turns message bytes, fed in chunks of
// any size, into a MessageStructure. Pure: it never does I/O and never fails; a broken message
// yields a best-effort structure, the way Dovecot parses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mail/header_field.hpp"
#include "mail/message_part.hpp"
#include "mail/part_header.hpp"

namespace roost::mail {

struct ParserLimits {
    std::uint32_t max_depth = 100;          // deeper multipart/message parts are leaves
    std::uint32_t max_parts = 10000;        // past this many parts, no new part is opened
    std::size_t max_field_bytes = 1 << 20;  // bytes of one header field kept for interpretation
};

// Observer of the parse. Calls arrive in message order; views are valid only during the call.
class MessageHandler {
public:
    virtual ~MessageHandler() = default;
    // A complete header field of part `part` (folding kept, raw bytes exact).
    virtual void on_header_field(std::uint32_t part, const HeaderField& field);
    // The header of `part` ended; its mime, envelope and flags are now set in `structure`.
    virtual void on_header_end(std::uint32_t part, const MessageStructure& structure);
    // Raw body bytes of the innermost part being read. The line end before a boundary line is
    // never delivered (RFC 2046 section 5.1.1: it belongs to the boundary).
    virtual void on_body(std::uint32_t part, std::string_view data);
    // `part` and its subtree are complete; its sizes are final.
    virtual void on_part_end(std::uint32_t part, const MessageStructure& structure);
};

class MessageParser {
public:
    explicit MessageParser(ParserLimits limits = {}, MessageHandler* handler = nullptr);
    ~MessageParser();
    MessageParser(const MessageParser&) = delete;
    MessageParser& operator=(const MessageParser&) = delete;

    // Feeds the next bytes of the message. Any split of the message gives the same result.
    void feed(std::string_view data);
    // Ends the message and returns its structure. The parser is spent afterwards.
    MessageStructure finish();

private:
    struct Position {
        std::uint64_t physical = 0;
        std::uint64_t virtual_size = 0;
        std::uint64_t lines = 0;
    };
    struct OpenPart {
        std::uint32_t index = 0;
        Position header_start;
        Position body_start;
        bool in_body = false;
        std::uint64_t boundary_line_end = 0;  // where this multipart's last boundary line ended
        bool boundary_active = false;         // a multipart whose boundary is still looked for
        bool digest = false;  // multipart/digest: children default to message/rfc822
        std::string boundary;
        std::unique_ptr<PartHeaderCollector> collector;
    };
    enum class State { HeaderLineStart, HeaderLine, BodyLineStart, BodyLine, BoundaryLine };
    enum class Match { No, NeedMore, Part, Close };

    std::size_t run(std::string_view data, bool eof);
    std::size_t run_header_line_start(std::string_view data, std::size_t i, bool eof);
    std::size_t run_header_line(std::string_view data, std::size_t i);
    std::size_t run_body(std::string_view data, std::size_t i, bool eof);
    std::size_t run_boundary_line(std::string_view data, std::size_t i);

    Match match_boundary(std::string_view rest, bool eof, std::size_t& owner) const;
    void on_boundary(std::size_t owner, bool close);
    void consume(const char* p, std::size_t n);
    void flush_field();
    void end_header(bool by_empty_line);
    void open_part(std::uint32_t parent, const Position& at);
    void close_part(const Position& end);
    void emit_body(std::string_view data);
    void set_part_sizes(OpenPart& open, const Position& header_end, const Position& end);
    bool has_active_boundary() const { return active_boundaries_ > 0; }

    ParserLimits limits_;
    MessageHandler* handler_;
    MessageStructure structure_;
    std::vector<OpenPart> stack_;
    State state_ = State::HeaderLineStart;
    Position pos_;
    char prev_byte_ = 0;
    bool last_lf_crlf_ = false;  // the most recent LF was preceded by CR
    std::string pending_;        // bytes fed but not yet consumed (an undecided line start)
    std::string field_;          // the header field being collected
    bool field_open_ = false;
    std::string held_;  // body line end withheld from on_body until the next line
    std::size_t active_boundaries_ = 0;
    std::size_t max_boundary_ = 0;
    bool finished_ = false;
};

// Parses a whole message held in memory.
MessageStructure parse_message(std::string_view message, ParserLimits limits = {},
                               MessageHandler* handler = nullptr);

}  // namespace roost::mail
