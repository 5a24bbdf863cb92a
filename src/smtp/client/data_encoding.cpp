#include "smtp/client/data_encoding.hpp"

namespace roost::smtp::client {

std::string encode_data(std::string_view message)
{
    std::string out;
    out.reserve(message.size() + message.size() / 32 + 8);
    bool line_start = true;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (line_start && c == '.') {
            out += '.';
        }
        if (c == '\n') {
            if (i == 0 || message[i - 1] != '\r') {
                out += '\r';
            }
            out += '\n';
            line_start = true;
            continue;
        }
        out += c;
        line_start = false;
    }
    if (!line_start) {
        out += "\r\n";
    }
    out += ".\r\n";
    return out;
}

}  // namespace roost::smtp::client
