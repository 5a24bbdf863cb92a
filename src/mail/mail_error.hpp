// MailError: the errors of the mail parsing library as a std::error_code category (STYLE.md #6).
#pragma once

#include <string>
#include <system_error>

#include "core/result.hpp"

namespace roost::mail {

// Malformed messages are never errors: the parser always yields a best-effort structure. These
// codes are for requests the library cannot answer and for inputs that are not messages at all.
enum class MailError {
    Ok = 0,
    BadSection,       // a BODY[section] / BINARY[section] spec that does not parse
    UnknownEncoding,  // BINARY of a part whose Content-Transfer-Encoding is not known
    UnknownCharset,   // iconv knows no such charset (IMAP SEARCH answers [BADCHARSET])
    BadCache,         // a serialised structure that is truncated or of another version
    BadArgument,      // a search key or date argument that does not parse
};

const std::error_category& mail_category();

inline std::error_code make_error_code(MailError e)
{
    return {static_cast<int>(e), mail_category()};
}

// An Error with a MailError code and a human message.
Error mail_error(MailError code, std::string message);

}  // namespace roost::mail

template <>
struct std::is_error_code_enum<roost::mail::MailError> : std::true_type {
};
