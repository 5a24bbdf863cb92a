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

std::string encode_xtext(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < '!' || u > '~' || c == '+' || c == '=') {
            out += '+';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace roost::smtp::client
