// PartDecoder: turns the raw body bytes of one leaf part into UTF-8 text: Content-Transfer-
// Encoding removed, then the charset converted. Streaming; used by previews and search.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mail/charset.hpp"
#include "mail/message_part.hpp"
#include "mail/transfer_decoder.hpp"

namespace roost::mail {

// The encoding a part's body is decoded with (see MimeHeader::body_encoding).
TransferEncoding decode_encoding(const MimeHeader& mime);

class PartDecoder {
public:
    explicit PartDecoder(const MimeHeader& mime);

    // False when the transfer encoding is unknown: the bytes then pass through undecoded.
    bool known_encoding() const { return transfer_.encoding() != TransferEncoding::Unknown; }
    bool is_html() const { return html_; }

    void feed(std::string_view raw, std::string& utf8);
    void finish(std::string& utf8);

private:
    TransferDecoder transfer_;
    CharsetConverter charset_;
    bool html_ = false;
    std::string scratch_;
};

// The whole text of part `index` of a message held in memory.
std::string decode_part_text(const MessageStructure& structure, std::uint32_t index,
                             std::string_view message);

}  // namespace roost::mail
