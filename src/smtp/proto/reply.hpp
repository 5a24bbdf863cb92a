// SMTP replies (RFC 5321 section 4.2) with RFC 3463 enhanced status codes: "250 2.1.5 OK",
// and multi-line ones ("250-mx.example.com" ... "250 PIPELINING").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roost::smtp::proto {

// One reply line; `enhanced` may be empty (LHLO, the greeting).
std::string reply(int code, std::string_view enhanced, std::string_view text);

// A multi-line reply: every line but the last with '-' after the code.
std::string multiline_reply(int code, const std::vector<std::string>& lines);

}  // namespace roost::smtp::proto
