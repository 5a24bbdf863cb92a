#include "pop3/worker/dot_stuffing.hpp"

#include <algorithm>

namespace roost::pop3 {

std::string dot_stuffed(std::string_view data, std::optional<std::uint64_t> body_lines, bool no_nuls,
                        bool add_eoh)
{
    std::string out;
    out.reserve(data.size() + data.size() / 32 + 8);
    bool in_body = false;
    std::uint64_t lines_left = body_lines.value_or(0);
    std::size_t pos = 0;
    while (pos < data.size()) {
        if (in_body && body_lines && lines_left-- == 0) {
            break;
        }
        std::size_t end = data.find('\n', pos);
        const bool last = end == std::string_view::npos;
        std::string_view line = data.substr(pos, last ? std::string_view::npos : end - pos);
        pos = last ? data.size() : end + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!line.empty() && line.front() == '.') {
            out += '.';
        }
        const std::size_t at = out.size();
        out += line;
        if (no_nuls) {
            std::replace(out.begin() + static_cast<std::ptrdiff_t>(at), out.end(), '\0', '\x80');
        }
        out += "\r\n";
        if (line.empty() && !in_body) {
            in_body = true;
        }
    }
    if (add_eoh && !in_body) {
        out += "\r\n";  // oe-ns-eoh: Outlook Express and Netscape need the header's end line
    }
    out += ".\r\n";
    return out;
}

}  // namespace roost::pop3
