// SectionSpec: the section of BODY[section] / BINARY[section] (RFC 3501 section 6.4.5, RFC 3516)
// parsed from its text, e.g. "1.2.HEADER.FIELDS (From To)", plus the <partial> suffix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::mail::imap {

struct SectionSpec {
    enum class Kind { Full, Header, HeaderFields, HeaderFieldsNot, Text, Mime };
    std::vector<std::uint32_t> part;  // "1.2" -> {1, 2}; empty for the whole message
    Kind kind = Kind::Full;
    std::vector<std::string> fields;  // for HeaderFields / HeaderFieldsNot, as written
    std::vector<bool> quoted;         // fields[i] came as a quoted string: echoed quoted

    // The canonical text, as a server echoes it in the response item name.
    std::string to_string() const;
};

struct Partial {
    std::uint64_t offset = 0;
    std::uint64_t count = 0;
};

// Parses the text between the brackets. MailError::BadSection when it does not parse.
Result<SectionSpec> parse_section(std::string_view text);

// Parses "<offset.count>" (the angle brackets included). MailError::BadSection on junk.
Result<Partial> parse_partial(std::string_view text);

}  // namespace roost::mail::imap
