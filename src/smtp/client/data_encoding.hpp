// The message as it goes out after DATA (RFC 5321 section 4.5.2): CRLF line ends, a leading
// "." doubled, and the closing ".". Pure.
#pragma once

#include <string>
#include <string_view>

namespace roost::smtp::client {

// `message` may end its lines in LF (as Roost keeps mail) or CRLF; a lone CR stays as it is.
// A last line without an end gets one. The result ends in "\r\n.\r\n".
std::string encode_data(std::string_view message);

}  // namespace roost::smtp::client
