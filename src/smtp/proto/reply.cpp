#include "smtp/proto/reply.hpp"

namespace roost::smtp::proto {

std::string reply(int code, std::string_view enhanced, std::string_view text)
{
    std::string out = std::to_string(code);
    out += ' ';
    if (!enhanced.empty()) {
        out += enhanced;
        out += ' ';
    }
    // A reply is one line: line breaks in a reason would end it early.
    for (char c : text) {
        out += (c == '\r' || c == '\n') ? ' ' : c;
    }
    out += "\r\n";
    return out;
}

std::string multiline_reply(int code, const std::vector<std::string>& lines)
{
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += std::to_string(code) + (i + 1 == lines.size() ? " " : "-") + lines[i] + "\r\n";
    }
    return out;
}

}  // namespace roost::smtp::proto
