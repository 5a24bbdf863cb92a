// RFC 5322 address lists: mailboxes, name-addrs, groups and obsolete routes, parsed leniently
// into the ENVELOPE address structure (RFC 3501 section 7.4.2). Shared by IMAP and Sieve.
#pragma once

#include <string>
#include <string_view>

#include "mail/message_part.hpp"

namespace roost::mail {

// Placeholders used where an address lacks its local part or domain, as Dovecot reports them.
inline constexpr std::string_view kMissingMailbox = "MISSING_MAILBOX";
inline constexpr std::string_view kMissingDomain = "MISSING_DOMAIN";

// Parses a header value ("From", "To", ...). Never fails: unparsable pieces are skipped up to
// the next ','; a mailbox without '@' gets kMissingDomain. Display names are kept raw (encoded
// words are not decoded); a trailing comment serves as the name when there is none.
AddressList parse_address_list(std::string_view value);

// "mailbox@domain" of a mailbox entry (no group markers); empty domain parts are left out.
std::string address_spec(const Address& address);

}  // namespace roost::mail
