// SMTP and LMTP commands (RFC 5321, RFC 2033) parsed from one line: the verb, the path of
// MAIL FROM / RCPT TO with its ESMTP parameters, and the argument of the others. Pure: no I/O,
// shared by LMTP and (later) submission; fuzzed.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace roost::smtp::proto {

struct SmtpCommand {
    std::string verb;      // upper case: "LHLO", "MAIL", "RCPT", "DATA" ...
    std::string argument;  // the rest of the line after the verb (LHLO's domain, VRFY's text)
    // MAIL FROM / RCPT TO: the address without angle brackets and source route ("" for <>).
    std::string address;
    std::vector<std::pair<std::string, std::string>> params;  // "SIZE" -> "1234", "BODY" -> "8BITMIME"
};

// Parses one command line (without CRLF). The error text is fit for a 501 reply.
Result<SmtpCommand> parse_command(std::string_view line);

// RFC 3461 xtext decoding of a DSN parameter value (ORCPT=rfc822;a+2Bb@x -> "rfc822;a+b@x").
std::string decode_xtext(std::string_view text);

}  // namespace roost::smtp::proto
