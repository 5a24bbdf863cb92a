// Modified UTF-7 (RFC 3501 section 5.1.3): how IMAP clients see mailbox names and how Maildir++
// and Dovecot store them on disk; used by the IMAP protocol library and the storage library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roost::mail {

// UTF-8 -> modified UTF-7. Invalid UTF-8 sequences are encoded as U+FFFD.
std::string mutf7_encode(std::string_view utf8);

// Modified UTF-7 -> UTF-8; nullopt for text that is not valid modified UTF-7: characters outside
// printable ASCII, '&' without a closing '-', base64 outside the modified alphabet, leftover
// bits that are not zero, an odd number of UTF-16 bytes, unpaired surrogates, or an encoded run
// holding a printable ASCII character.
std::optional<std::string> mutf7_decode(std::string_view text);

}  // namespace roost::mail
