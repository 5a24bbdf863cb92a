#include "managesieve/proto/response.hpp"

namespace roost::managesieve::proto {

std::string sieve_string(std::string_view s)
{
    const bool needs_literal = s.size() > 1024 || s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
    if (needs_literal) {
        std::string out = "{" + std::to_string(s.size()) + "}\r\n";
        out += s;
        return out;
    }
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string response(std::string_view status, std::string_view code, std::string_view text)
{
    std::string out(status);
    if (!code.empty()) {
        out += " (";
        out += code;
        out += ')';
    }
    if (!text.empty()) {
        out += ' ';
        out += sieve_string(text);
    }
    out += "\r\n";
    return out;
}

}  // namespace roost::managesieve::proto
