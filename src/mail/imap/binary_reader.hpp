// BINARY[section] and BINARY.SIZE[section] (RFC 3516): a part's content with its
// Content-Transfer-Encoding removed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "mail/imap/section.hpp"
#include "mail/message_part.hpp"

namespace roost::mail::imap {

struct BinaryContent {
    std::string data;
    bool binary = false;  // decoded content or NULs inside: send as literal8 (~{n})
};

// The decoded bytes of the section: a leaf part's content without its transfer encoding; a
// whole message, multipart or enclosed message with every base64 / quoted-printable leaf
// decoded in place (its Content-Transfer-Encoding then reads "binary"). Identity-encoded bytes
// are sent with bare LF as CRLF. Damaged base64 decodes up to the damage. Errors:
// MailError::UnknownEncoding for an encoding with no decoder (RFC 3516 [UNKNOWN-CTE]),
// MailError::BadSection for HEADER/TEXT/MIME forms, which BINARY does not allow.
Result<BinaryContent> read_binary(const MessageStructure& structure, std::string_view message,
                                  const SectionSpec& spec);

// Size of read_binary's result.
Result<std::uint64_t> binary_size(const MessageStructure& structure, std::string_view message,
                                  const SectionSpec& spec);

}  // namespace roost::mail::imap
