// What a ManageSieve server sends (RFC 5804 section 4): strings, quoted when they can be and
// literals when they cannot, and the OK / NO / BYE responses with an optional response code.
#pragma once

#include <string>
#include <string_view>

namespace roost::managesieve::proto {

// A string as the server sends it: "quoted" (with \" and \\ escaped) when it holds no CR, LF
// or NUL and is short, else a literal {N}CRLF followed by the bytes.
std::string sieve_string(std::string_view s);

// "OK", "NO" or "BYE", then " (CODE)" when code is not empty, then the quoted text, CRLF.
// `code` is written as given: "QUOTA/MAXSIZE", "TAG \"x\"", "WARNINGS".
std::string response(std::string_view status, std::string_view code, std::string_view text);

}  // namespace roost::managesieve::proto
