// The IMAP BODY and BODYSTRUCTURE of a message or part (RFC 3501 section 7.4.2, RFC 9051
// section 7.5.2), written from a MessageStructure alone: no message bytes are needed.
#pragma once

#include <cstdint>
#include <string>

#include "mail/message_part.hpp"

namespace roost::mail::imap {

// Appends the body structure of part `index`; `extended` selects BODYSTRUCTURE (with extension
// data) over BODY. Text parts without a charset parameter get ("charset" "us-ascii") as RFC 2045
// section 5.2 defaults it; a multipart without parts shows one empty text/plain part, since the
// grammar needs at least one.
void write_body_structure(std::string& out, const MessageStructure& structure, std::uint32_t index,
                          bool extended);

std::string body_structure_string(const MessageStructure& structure, bool extended,
                                  std::uint32_t index = 0);

}  // namespace roost::mail::imap
