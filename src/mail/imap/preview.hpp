// PREVIEW (RFC 8970): a short plain-text preview of a message's content.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mail/message_part.hpp"

namespace roost::mail::imap {

// At most 200 characters of UTF-8 text from the first text part, decoded (transfer encoding,
// charset, HTML markup), whitespace collapsed. Empty when the message has no text.
std::optional<std::string> preview_text(const MessageStructure& structure,
                                        std::string_view message);

}  // namespace roost::mail::imap
