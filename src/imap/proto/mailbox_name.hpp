// Mailbox names on the wire: modified UTF-7 (RFC 3501 section 5.1.3) for IMAP4rev1 clients,
// plain UTF-8 once IMAP4rev2 or UTF8=ACCEPT (RFC 6855) is enabled. Typed parsers hand the
// server UTF-8 names; responses encode them back for the client's mode.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "mail/mutf7.hpp"

namespace roost::imap::proto {

// Modified UTF-7 (mail/mutf7.hpp), the wire form of mailbox names.
using mail::mutf7_decode;
using mail::mutf7_encode;

// The name a client sent, as UTF-8. With utf8 on the bytes must be valid UTF-8 and are taken
// as they are; otherwise they must be modified UTF-7. "INBOX" in any case becomes "INBOX".
// Errors: ImapProtoError::InvalidMailboxName (answered with NO), Syntax for NUL, CR or LF.
Result<std::string> decode_mailbox_name(std::string_view wire, bool utf8);

// A LIST / LSUB pattern: like a name, but a pattern that is not valid modified UTF-7 is kept
// as sent (it may only fail to match).
std::string decode_mailbox_pattern(std::string_view wire, bool utf8);

// A UTF-8 name as the client expects it: itself with utf8 on, modified UTF-7 otherwise.
std::string encode_mailbox_name(std::string_view name, bool utf8);

}  // namespace roost::imap::proto
