// Parsing POP3 command lines.
#include "pop3/proto/pop3_command.hpp"

#include <charconv>
#include <system_error>

#include "core/strings.hpp"

namespace roost::pop3::proto {
namespace {

Error syntax(const std::string& what)
{
    return Error{std::make_error_code(std::errc::invalid_argument), what};
}

}  // namespace

Result<Command> parse_command(std::string_view line)
{
    if (line.empty()) {
        return syntax("Empty command.");
    }
    if (line.size() > kMaxLine) {
        return syntax("Command line too long.");
    }
    if (line.find('\0') != std::string_view::npos) {
        return syntax("NUL in command.");
    }
    const std::size_t space = line.find(' ');
    const std::string_view keyword = line.substr(0, space);
    if (keyword.empty() || keyword.size() > 4) {
        return syntax("Unknown command.");
    }
    Command c;
    for (char ch : keyword) {
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))) {
            return syntax("Unknown command.");
        }
        c.keyword += ascii_upper(ch);
    }
    if (space == std::string_view::npos) {
        return c;
    }
    c.rest = std::string(line.substr(space + 1));
    for (std::string_view arg : split(c.rest, ' ')) {
        if (arg.size() > kMaxArgLength) {
            return syntax("Argument too long.");
        }
        if (!arg.empty()) {
            c.args.emplace_back(arg);
        }
    }
    return c;
}

Result<unsigned> parse_count(std::string_view text)
{
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return syntax("Invalid number: " + std::string(text.substr(0, 20)));
    }
    return n;
}

Result<unsigned> parse_message_number(std::string_view text)
{
    auto n = parse_count(text);
    if (!n || *n == 0) {
        return syntax("Invalid message number: " + std::string(text.substr(0, 20)));
    }
    return n;
}

}  // namespace roost::pop3::proto
