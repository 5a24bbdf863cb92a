// FetchItem: the message-content FETCH items this library can answer (RFC822.SIZE, ENVELOPE,
// BODY, BODYSTRUCTURE, BODY[section]<partial>, BINARY[section], BINARY.SIZE[section], PREVIEW),
// parsed from their IMAP names and written as a server sends them. Used by roost-mailview and
// tests; the IMAP server's own FETCH parser produces the same SectionSpec values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "mail/imap/section.hpp"
#include "mail/message_part.hpp"

namespace roost::mail::imap {

struct FetchItem {
    enum class Kind {
        Rfc822Size,
        Envelope,
        Body,
        BodyStructure,
        BodySection,
        Binary,
        BinarySize,
        Preview
    };
    Kind kind = Kind::Envelope;
    SectionSpec section;             // for BodySection, Binary, BinarySize
    std::optional<Partial> partial;  // <offset.count>
};

// Parses a space-separated item list such as "ENVELOPE BODY.PEEK[1.MIME]<0.10>".
Result<std::vector<FetchItem>> parse_fetch_items(std::string_view text);

// Appends "NAME value" for one item of the message (bytes + parsed structure).
void write_fetch_item(std::string& out, const FetchItem& item, const MessageStructure& structure,
                      std::string_view message);

}  // namespace roost::mail::imap
