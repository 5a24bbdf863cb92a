// POP3 commands (RFC 1939, 2449, 2595, 5034) as a client sends them: a keyword and its
// arguments, parsed from one line. Pure: bytes in, a command or an error out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::pop3::proto {

constexpr std::size_t kMaxLine = 512;   // RFC 2449: 255 octets of arguments; clients send less
constexpr std::size_t kMaxArgLength = 255;

struct Command {
    std::string keyword;             // upper case: "USER", "RETR"
    std::vector<std::string> args;   // split at single spaces, as RFC 1939 has them
    std::string rest;                // everything after the keyword and one space (PASS)
};

// Errors: an empty line, a keyword longer than 4 letters or not alphabetic, an argument over
// 255 octets, NUL bytes.
Result<Command> parse_command(std::string_view line);

// "1 2" style message numbers: a positive decimal that fits 32 bits, or an error.
Result<unsigned> parse_message_number(std::string_view text);
// A count such as TOP's number of lines: a decimal from 0 that fits 32 bits, or an error.
Result<unsigned> parse_count(std::string_view text);

}  // namespace roost::pop3::proto
