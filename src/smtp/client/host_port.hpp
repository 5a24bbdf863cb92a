// parse_host_port: "host[:port]" as Dovecot's settings write a server (submission_host):
// "mx.example.org", "10.0.0.1:587", "[::1]:25", or a bare IPv6 address (two or more colons,
// so no port). Pure.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::smtp::client {

struct HostPort {
    std::string host;  // without brackets
    unsigned port = 0;
};

// `default_port` when the text has none. Errors say what is wrong with `text` (empty, an
// unclosed '[', a port that is not 1-65535).
Result<HostPort> parse_host_port(std::string_view text, unsigned default_port);

}  // namespace roost::smtp::client
