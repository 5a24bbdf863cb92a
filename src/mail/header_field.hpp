// HeaderField and HeaderReader: RFC 5322 header fields split out of raw bytes, byte-exact, with
// folding, obsolete syntax, 8-bit and broken lines kept as they are.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace roost::mail {

// One header field. All views point into the bytes it was split from.
struct HeaderField {
    std::string_view name;   // before ':', trailing spaces/tabs removed; the whole line if no ':'
    std::string_view value;  // after ':' and the spaces/tabs that follow it; folding line ends
                             // kept; the field's final line end excluded
    std::string_view raw;    // the whole field, its final line end included (if it had one)
    bool has_colon = true;
};

// Splits one complete field (its first line plus continuation lines). Never fails.
HeaderField split_header_field(std::string_view raw);

// Length of the line end at the end of s: 2 for CRLF, 1 for LF, 0 otherwise.
std::size_t line_end_length(std::string_view s);

// True when a header line (without its line end) is empty, i.e. ends the header.
inline bool is_header_end_line(std::string_view line_with_end)
{
    return line_with_end == "\n" || line_with_end == "\r\n";
}

// Iterates the fields of a complete header block (e.g. the bytes of BODY[HEADER]) the same way
// the streaming MessageParser splits them.
class HeaderReader {
public:
    explicit HeaderReader(std::string_view block) : block_(block) {}

    // The next field, or nullopt at the empty line ending the header or at the end of the bytes.
    std::optional<HeaderField> next();

    // Offset just past the last field returned: where the empty line (if any) starts.
    std::size_t position() const { return pos_; }

private:
    std::string_view block_;
    std::size_t pos_ = 0;
};

// The value with folding removed: every LF and the CR before it dropped (RFC 5322 section
// 2.2.3 unfolding). A lone CR stays.
std::string unfold(std::string_view value);

// Replaces NUL bytes, which no header may carry, with U+FFFD as UTF-8.
std::string replace_nuls(std::string_view value);

}  // namespace roost::mail
