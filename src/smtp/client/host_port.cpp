#include "smtp/client/host_port.hpp"

#include <system_error>

namespace roost::smtp::client {
namespace {

Error bad(std::string_view text, const std::string& why)
{
    return Error{std::make_error_code(std::errc::invalid_argument),
                 "\"" + std::string(text) + "\": " + why};
}

bool parse_port(std::string_view digits, unsigned& port)
{
    if (digits.empty() || digits.size() > 5) {
        return false;
    }
    unsigned value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) {
        return false;
    }
    port = value;
    return true;
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text, unsigned default_port)
{
    HostPort out{"", default_port};
    std::string_view port;
    bool has_port = false;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return bad(text, "no ']' after the IPv6 address");
        }
        out.host = std::string(text.substr(1, close - 1));
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return bad(text, "expected ':port' after ']'");
            }
            port = rest.substr(1);
            has_port = true;
        }
    } else if (const auto colon = text.find(':');
               colon != std::string_view::npos &&
               text.find(':', colon + 1) == std::string_view::npos) {
        out.host = std::string(text.substr(0, colon));
        port = text.substr(colon + 1);
        has_port = true;
    } else {
        out.host = std::string(text);  // a name, an IPv4 address or a bare IPv6 address
    }
    if (out.host.empty()) {
        return bad(text, "no host");
    }
    if (has_port && !parse_port(port, out.port)) {
        return bad(text, "the port must be a number from 1 to 65535");
    }
    return out;
}

}  // namespace roost::smtp::client
