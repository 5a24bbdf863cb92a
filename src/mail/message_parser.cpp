// The streaming message parser: header fields, MIME boundaries, part tree, sizes.
#include "mail/message_parser.hpp"

#include <cstring>

#include "core/strings.hpp"

namespace roost::mail {
void MessageHandler::on_header_field(std::uint32_t, const HeaderField&)
{
}
void MessageHandler::on_header_end(std::uint32_t, const MessageStructure&)
{
}
void MessageHandler::on_body(std::uint32_t, std::string_view)
{
}
void MessageHandler::on_part_end(std::uint32_t, const MessageStructure&)
{
}

MessageParser::MessageParser(ParserLimits limits, MessageHandler* handler)
    : limits_(limits), handler_(handler)
{
    structure_.parts.emplace_back();
    structure_.parts[0].flags = kPartMessageRoot;
    OpenPart root;
    root.index = 0;
    root.collector = std::make_unique<PartHeaderCollector>(true);
    stack_.push_back(std::move(root));
}

MessageParser::~MessageParser() = default;

void MessageParser::feed(std::string_view data)
{
    if (finished_ || data.empty()) {
        return;
    }
    if (pending_.empty()) {
        const std::size_t used = run(data, false);
        pending_.assign(data.substr(used));
    } else {
        pending_.append(data);
        const std::size_t used = run(pending_, false);
        pending_.erase(0, used);
    }
}

MessageStructure MessageParser::finish()
{
    if (finished_) {
        return std::move(structure_);
    }
    const std::size_t used = run(pending_, true);
    pending_.erase(0, used);
    if (state_ == State::HeaderLineStart || state_ == State::HeaderLine) {
        flush_field();
        end_header(false);
    }
    if (handler_ != nullptr && !held_.empty()) {
        handler_->on_body(stack_.back().index, held_);
        held_.clear();
    }
    while (!stack_.empty()) {
        close_part(pos_);
    }
    finished_ = true;
    return std::move(structure_);
}

std::size_t MessageParser::run(std::string_view data, bool eof)
{
    std::size_t i = 0;
    for (;;) {
        std::size_t next = 0;
        switch (state_) {
            case State::HeaderLineStart:
                next = run_header_line_start(data, i, eof);
                break;
            case State::HeaderLine:
                next = run_header_line(data, i);
                break;
            case State::BodyLineStart:
            case State::BodyLine:
                next = run_body(data, i, eof);
                break;
            case State::BoundaryLine:
                next = run_boundary_line(data, i);
                break;
        }
        if (next == std::string_view::npos) {
            return i;
        }
        i = next;
    }
}

std::size_t MessageParser::run_header_line_start(std::string_view data, std::size_t i, bool eof)
{
    const std::string_view rest = data.substr(i);
    if (rest.empty()) {
        return std::string_view::npos;
    }
    if (has_active_boundary() && rest[0] == '-') {
        std::size_t owner = 0;
        const Match m = match_boundary(rest, eof, owner);
        if (m == Match::NeedMore) {
            return std::string_view::npos;
        }
        if (m != Match::No) {
            flush_field();
            end_header(false);
            on_boundary(owner, m == Match::Close);
            return i;
        }
    }
    std::size_t empty_line = 0;
    if (rest[0] == '\n') {
        empty_line = 1;
    } else if (rest[0] == '\r') {
        if (rest.size() < 2 && !eof) {
            return std::string_view::npos;
        }
        empty_line = rest.size() >= 2 && rest[1] == '\n' ? 2 : 0;
    }
    if (empty_line > 0) {
        flush_field();
        consume(rest.data(), empty_line);
        end_header(true);
        return i + empty_line;
    }
    if (!((rest[0] == ' ' || rest[0] == '\t') && field_open_)) {
        flush_field();
        field_open_ = true;
    }
    state_ = State::HeaderLine;
    return i;
}

std::size_t MessageParser::run_header_line(std::string_view data, std::size_t i)
{
    const std::string_view rest = data.substr(i);
    if (rest.empty()) {
        return std::string_view::npos;
    }
    const void* lf = std::memchr(rest.data(), '\n', rest.size());
    const std::size_t n =
        lf == nullptr ? rest.size() : static_cast<const char*>(lf) - rest.data() + 1;
    if (field_.size() < limits_.max_field_bytes) {
        field_.append(rest.substr(0, std::min(n, limits_.max_field_bytes - field_.size())));
    }
    consume(rest.data(), n);
    if (lf != nullptr) {
        state_ = State::HeaderLineStart;
    }
    return i + n;
}

std::size_t MessageParser::run_body(std::string_view data, std::size_t i, bool eof)
{
    const std::string_view rest = data.substr(i);
    if (rest.empty()) {
        return std::string_view::npos;
    }
    if (state_ == State::BodyLineStart) {
        if (has_active_boundary() && rest[0] == '-') {
            std::size_t owner = 0;
            const Match m = match_boundary(rest, eof, owner);
            if (m == Match::NeedMore) {
                return std::string_view::npos;
            }
            if (m != Match::No) {
                on_boundary(owner, m == Match::Close);
                return i;
            }
        }
        state_ = State::BodyLine;
    }
    const char* const start = rest.data();
    const char* const end = start + rest.size();
    const char* p = start;
    if (!has_active_boundary()) {
        p = end;
        if (end[-1] == '\n') {
            state_ = State::BodyLineStart;
        }
        consume(start, rest.size());
    } else {
        // The hot loop: one memchr per line, counting line ends as it goes, stopping at a line
        // that may be a boundary.
        std::uint64_t lfs = 0;
        std::uint64_t bare = 0;
        char before_last_lf = 0;
        while (p < end) {
            const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
            if (nl == nullptr) {
                p = end;
                break;
            }
            const char* lf = static_cast<const char*>(nl);
            before_last_lf = lf > start ? lf[-1] : prev_byte_;
            ++lfs;
            bare += before_last_lf == '\r' ? 0 : 1;
            p = lf + 1;
            if (p == end || *p == '-') {
                state_ = State::BodyLineStart;
                break;
            }
        }
        const auto n = static_cast<std::size_t>(p - start);
        if (lfs > 0) {
            last_lf_crlf_ = before_last_lf == '\r';
        }
        pos_.physical += n;
        pos_.lines += lfs;
        pos_.virtual_size += n + bare;
        prev_byte_ = p[-1];
    }
    const auto n = static_cast<std::size_t>(p - start);
    if (std::memchr(start, '\0', n) != nullptr) {
        structure_.parts[stack_.back().index].flags |= kPartHasNuls;
    }
    emit_body(std::string_view(start, n));
    return i + n;
}

std::size_t MessageParser::run_boundary_line(std::string_view data, std::size_t i)
{
    const std::string_view rest = data.substr(i);
    if (rest.empty()) {
        return std::string_view::npos;
    }
    const void* lf = std::memchr(rest.data(), '\n', rest.size());
    const std::size_t n =
        lf == nullptr ? rest.size() : static_cast<const char*>(lf) - rest.data() + 1;
    consume(rest.data(), n);
    if (lf == nullptr) {
        return i + n;
    }
    OpenPart& owner = stack_.back();
    owner.boundary_line_end = pos_.physical;
    if (owner.boundary_active && structure_.parts.size() < limits_.max_parts) {
        open_part(owner.index, pos_);
        state_ = State::HeaderLineStart;
    } else {
        state_ = State::BodyLineStart;
    }
    return i + n;
}

MessageParser::Match MessageParser::match_boundary(std::string_view rest, bool eof,
                                                   std::size_t& owner) const
{
    const std::size_t need = max_boundary_ + 4;
    const std::size_t window = std::min(rest.size(), need);
    const void* lf = std::memchr(rest.data(), '\n', window);
    if (rest.size() < need && lf == nullptr && !eof) {
        return Match::NeedMore;
    }
    const std::string_view line = lf == nullptr
                                      ? rest.substr(0, window)
                                      : rest.substr(0, static_cast<const char*>(lf) - rest.data());
    if (line.size() < 2 || line[1] != '-') {
        return Match::No;
    }
    // Innermost first, so a boundary reused by a nested multipart belongs to the inner one; but
    // as only the start of the line has to match, the longest matching boundary wins.
    std::size_t best = stack_.size();
    for (std::size_t k = stack_.size(); k-- > 0;) {
        const OpenPart& open = stack_[k];
        if (!open.boundary_active) {
            continue;
        }
        const std::string& b = open.boundary;
        if (line.size() >= 2 + b.size() && line.compare(2, b.size(), b) == 0 &&
            (best == stack_.size() || stack_[best].boundary.size() < b.size())) {
            best = k;
        }
    }
    if (best != stack_.size()) {
        const std::size_t n = stack_[best].boundary.size();
        owner = best;
        const bool close = line.size() >= 4 + n && line[2 + n] == '-' && line[3 + n] == '-';
        return close ? Match::Close : Match::Part;
    }
    return Match::No;
}

void MessageParser::on_boundary(std::size_t owner, bool close)
{
    held_.clear();  // the line end before a boundary belongs to the boundary
    const Position b = pos_;
    Position bm = b;
    if (b.physical > 0 && prev_byte_ == '\n') {
        bm.physical -= last_lf_crlf_ ? 2 : 1;
        bm.virtual_size -= 2;
        bm.lines -= 1;
    }
    // The line end before the boundary is taken from the innermost non-empty header or body
    // below the owner. If it ended a body, that body and the bodies around it up to the owner
    // end before it; if it ended a header, only that header loses it.
    const std::size_t none = stack_.size();
    std::size_t region = none;
    bool region_is_body = false;
    for (std::size_t k = stack_.size() - 1; k > owner; --k) {
        const OpenPart& op = stack_[k];
        if (op.in_body && op.boundary_line_end == b.physical && b.physical > 0) {
            break;  // the line end ended a boundary line: it is no content of anyone's
        }
        if (op.in_body && op.body_start.physical < b.physical) {
            region = k;
            region_is_body = true;
            break;
        }
        const Position& header_end = op.in_body ? op.body_start : b;
        if (op.header_start.physical < header_end.physical) {
            region = k;
            break;
        }
    }
    while (stack_.size() > owner + 1) {
        const std::size_t k = stack_.size() - 1;
        OpenPart& op = stack_.back();
        if (region == none) {
            close_part(b);
        } else if (k > region) {
            // An empty part opened after the line end that is now taken: it starts (and ends)
            // where its parent now ends.
            const Position& at = bm;
            if (op.header_start.physical == b.physical) {
                op.header_start = at;
                op.body_start = at;
                op.in_body = true;
                structure_.parts[op.index].offset = at.physical;
            }
            close_part(at);
        } else if (k == region) {
            if (region_is_body) {
                close_part(bm);
            } else {
                op.body_start = bm;
                op.in_body = true;
                close_part(bm);
            }
        } else {
            close_part(region_is_body ? bm : b);
        }
    }
    if (close) {
        stack_[owner].boundary_active = false;
        --active_boundaries_;
    }
    state_ = State::BoundaryLine;
}

void MessageParser::consume(const char* p, std::size_t n)
{
    if (n == 0) {
        return;
    }
    std::uint64_t lfs = 0;
    std::uint64_t bare = 0;
    const char* q = p;
    const char* const end = p + n;
    while (q < end) {
        const void* found = std::memchr(q, '\n', static_cast<std::size_t>(end - q));
        if (found == nullptr) {
            break;
        }
        const char* nl = static_cast<const char*>(found);
        const char before = nl > p ? nl[-1] : prev_byte_;
        ++lfs;
        last_lf_crlf_ = before == '\r';
        bare += last_lf_crlf_ ? 0 : 1;
        q = nl + 1;
    }
    pos_.physical += n;
    pos_.lines += lfs;
    pos_.virtual_size += n + bare;
    prev_byte_ = end[-1];
}

void MessageParser::flush_field()
{
    if (!field_open_) {
        return;
    }
    field_open_ = false;
    const HeaderField field = split_header_field(field_);
    OpenPart& top = stack_.back();
    top.collector->add(field);
    if (handler_ != nullptr) {
        handler_->on_header_field(top.index, field);
    }
    field_.clear();
}

void MessageParser::end_header(bool by_empty_line)
{
    OpenPart& top = stack_.back();
    top.body_start = pos_;
    top.in_body = true;
    const std::uint32_t index = top.index;
    MessagePart& part = structure_.parts[index];
    const bool digest_child = part.parent != kNoPart && stack_.size() >= 2 &&
                              stack_[stack_.size() - 2].digest && !part.is(kPartMessageRoot);
    top.collector->finish(part, digest_child);
    top.collector.reset();
    if (!by_empty_line) {
        part.flags |= kPartHeaderNoEnd;
    }
    const bool nest_ok = part.depth < limits_.max_depth;
    if (nest_ok && part.mime.has_content_type && iequals(part.mime.type, "multipart")) {
        part.flags |= kPartMultipart;
        if (const std::string* b = part.mime.param("boundary")) {
            top.boundary = *b;
            top.boundary_active = true;
            top.digest = iequals(part.mime.subtype, "digest");
            ++active_boundaries_;
            max_boundary_ = std::max(max_boundary_, b->size());
        }
    } else if (nest_ok && iequals(part.mime.type, "message") &&
               iequals(part.mime.subtype, "rfc822")) {
        part.flags |= kPartMessage;
    }
    if (handler_ != nullptr) {
        handler_->on_header_end(index, structure_);
    }
    state_ = State::BodyLineStart;
    if (part.is(kPartMessage) && by_empty_line && structure_.parts.size() < limits_.max_parts) {
        open_part(index, pos_);
        structure_.parts.back().flags |= kPartMessageRoot;
        stack_.back().collector = std::make_unique<PartHeaderCollector>(true);
        state_ = State::HeaderLineStart;
    }
}

void MessageParser::open_part(std::uint32_t parent, const Position& at)
{
    MessagePart part;
    part.parent = parent;
    part.depth = structure_.parts[parent].depth + 1;
    part.offset = at.physical;
    structure_.parts[parent].children++;
    structure_.parts.push_back(std::move(part));
    OpenPart open;
    open.index = static_cast<std::uint32_t>(structure_.parts.size() - 1);
    open.header_start = at;
    open.collector = std::make_unique<PartHeaderCollector>(false);
    stack_.push_back(std::move(open));
}

void MessageParser::close_part(const Position& end)
{
    OpenPart& open = stack_.back();
    if (!open.in_body) {
        open.body_start = end;
        open.in_body = true;
        if (open.collector) {
            // Closed before its header ended (only at the end of the message).
            MessagePart& part = structure_.parts[open.index];
            open.collector->finish(part, false);
        }
    }
    set_part_sizes(open, open.body_start, end);
    if (open.boundary_active) {
        --active_boundaries_;
    }
    const std::uint32_t index = open.index;
    MessagePart& part = structure_.parts[index];
    part.subtree = static_cast<std::uint32_t>(structure_.parts.size() - index);
    stack_.pop_back();
    if (handler_ != nullptr) {
        handler_->on_part_end(index, structure_);
    }
}

void MessageParser::set_part_sizes(OpenPart& open, const Position& header_end, const Position& end)
{
    MessagePart& part = structure_.parts[open.index];
    part.header.physical = header_end.physical - open.header_start.physical;
    part.header.virtual_size = header_end.virtual_size - open.header_start.virtual_size;
    part.header.lines = header_end.lines - open.header_start.lines;
    part.body.physical = end.physical - header_end.physical;
    part.body.virtual_size = end.virtual_size - header_end.virtual_size;
    part.body.lines = end.lines - header_end.lines;
}

void MessageParser::emit_body(std::string_view chunk)
{
    if (handler_ == nullptr || chunk.empty()) {
        return;
    }
    const std::uint32_t index = stack_.back().index;
    std::size_t hold = 0;
    if (chunk.back() == '\r') {
        hold = 1;
    } else if (chunk.back() == '\n') {
        hold = chunk.size() >= 2 && chunk[chunk.size() - 2] == '\r' ? 2 : 1;
    }
    if (hold == chunk.size() && held_ == "\r" && chunk == "\n") {
        held_ = "\r\n";
        return;
    }
    if (!held_.empty()) {
        handler_->on_body(index, held_);
        held_.clear();
    }
    if (chunk.size() > hold) {
        handler_->on_body(index, chunk.substr(0, chunk.size() - hold));
    }
    held_.assign(chunk.substr(chunk.size() - hold));
}

MessageStructure parse_message(std::string_view message, ParserLimits limits,
                               MessageHandler* handler)
{
    MessageParser parser(limits, handler);
    parser.feed(message);
    return parser.finish();
}

}  // namespace roost::mail
