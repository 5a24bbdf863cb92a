// The IMAP ENVELOPE of a message (RFC 3501 section 7.4.2 / RFC 9051 section 7.5.2), written from
// the Envelope the parser collected, so no message bytes are needed.
#pragma once

#include <string>

#include "mail/message_part.hpp"

namespace roost::mail::imap {

// Appends "(date subject from sender reply-to to cc bcc in-reply-to message-id)". Sender and
// Reply-To default to From when absent (RFC 3501: the server MUST default them).
void write_envelope(std::string& out, const Envelope& envelope);
std::string envelope_string(const Envelope& envelope);

// Appends an address list: "((name adl mailbox host)...)" or NIL when empty.
void write_address_list(std::string& out, const std::optional<AddressList>& list);

}  // namespace roost::mail::imap
