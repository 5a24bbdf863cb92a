// Reading BODY[section] contents (RFC 3501 section 6.4.5) out of message bytes and their
// MessageStructure, as the IMAP wire carries them: bare LF sent as CRLF, NUL sent as 0x80.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "mail/imap/section.hpp"
#include "mail/message_part.hpp"

namespace roost::mail::imap {

// The physical bytes a section covers when it is a plain range of the message (everything but
// HEADER.FIELDS[.NOT]); `empty` when the section names nothing (e.g. 1.HEADER of a text part or a
// part the message does not have: Dovecot answers those with an empty string, not an error).
struct SectionRange {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::uint64_t virtual_size = 0;
    bool empty = false;
    std::uint32_t message = 0;  // the part whose header or body this is
};

// Resolves a range section. HeaderFields kinds resolve to the header they select from.
SectionRange section_range(const MessageStructure& structure, const SectionSpec& spec);

// The section's bytes as sent on the wire.
std::string read_section(const MessageStructure& structure, std::string_view message,
                         const SectionSpec& spec);

// Bytes converted for the wire: LF not preceded by CR becomes CRLF, NUL becomes 0x80.
std::string to_wire(std::string_view bytes, char prev = '\0');

// The <offset.count> window of data (empty when offset is past the end).
std::string_view apply_partial(std::string_view data, const Partial& partial);

// HEADER.FIELDS / HEADER.FIELDS.NOT over raw header bytes (not yet converted): the fields
// (not) listed, then an empty line if add_end, else whatever ended the header.
std::string filter_header(std::string_view header, const std::vector<std::string>& fields,
                          bool negate, bool add_end);

}  // namespace roost::mail::imap
