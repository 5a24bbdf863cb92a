// The message as it goes out after DATA (RFC 5321 section 4.5.2): CRLF line ends, a leading
// "." doubled, and the closing "."; and xtext for parameter values. Pure.
#pragma once

#include <string>
#include <string_view>

namespace roost::smtp::client {

// `message` may end its lines in LF (as Roost keeps mail) or CRLF; a lone CR stays as it is.
// A last line without an end gets one. The result ends in "\r\n.\r\n".
std::string encode_data(std::string_view message);

// RFC 3461 xtext, for ESMTP parameter values such as XCLIENT's: '+', '=', spaces and anything
// outside printable ASCII become "+HH".
std::string encode_xtext(std::string_view text);

}  // namespace roost::smtp::client
