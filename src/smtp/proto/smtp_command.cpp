#include "smtp/proto/smtp_command.hpp"

#include <system_error>

#include "core/strings.hpp"

namespace roost::smtp::proto {
namespace {

Error syntax(std::string message)
{
    return Error{std::make_error_code(std::errc::invalid_argument), std::move(message)};
}

// "<path>" at the start of `rest`: returns the address and how many bytes the path took.
Result<std::pair<std::string, std::size_t>> parse_path(std::string_view rest)
{
    if (rest.empty() || rest[0] != '<') {
        return syntax("Invalid address: missing <");
    }
    bool quoted = false;
    std::size_t i = 1;
    for (; i < rest.size(); ++i) {
        const char c = rest[i];
        if (c == '\\' && quoted) {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == '>' && !quoted) {
            break;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            return syntax("Invalid character in address");
        }
    }
    if (i >= rest.size()) {
        return syntax("Invalid address: missing >");
    }
    std::string_view path = rest.substr(1, i - 1);
    // A source route (@a,@b:user@d) is accepted and ignored (RFC 5321 section 4.1.2).
    if (!path.empty() && path[0] == '@') {
        const auto colon = path.find(':');
        if (colon == std::string_view::npos) {
            return syntax("Invalid source route");
        }
        path.remove_prefix(colon + 1);
    }
    return std::pair{std::string(path), i + 1};
}

}  // namespace

std::string decode_xtext(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (text[i] == '+' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

Result<SmtpCommand> parse_command(std::string_view line)
{
    SmtpCommand cmd;
    const auto space = line.find(' ');
    const std::string_view verb = line.substr(0, space);
    if (verb.empty() || verb.size() > 16) {
        return syntax("Invalid command");
    }
    for (char c : verb) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            return syntax("Invalid command");
        }
    }
    cmd.verb = to_upper(verb);
    if (space != std::string_view::npos) {
        cmd.argument = std::string(line.substr(space + 1));
    }
    if (cmd.verb != "MAIL" && cmd.verb != "RCPT") {
        return cmd;
    }
    const std::string_view keyword = cmd.verb == "MAIL" ? "FROM:" : "TO:";
    std::string_view rest = cmd.argument;
    if (rest.size() < keyword.size() || !iequals(rest.substr(0, keyword.size()), keyword)) {
        return syntax(cmd.verb == "MAIL" ? "Invalid parameters: MAIL FROM:<address> expected"
                                         : "Invalid parameters: RCPT TO:<address> expected");
    }
    rest.remove_prefix(keyword.size());
    rest = trim_left(rest);  // "MAIL FROM: <a@b>": a common client bug, tolerated
    auto path = parse_path(rest);
    if (!path) {
        return path.error();
    }
    cmd.address = path->first;
    if (cmd.verb == "RCPT" && cmd.address.empty()) {
        return syntax("Invalid address: <> is not a recipient");
    }
    rest.remove_prefix(path->second);
    if (!rest.empty() && rest[0] != ' ') {
        return syntax("Invalid parameters after the address");
    }
    for (std::string_view p : split_words(rest)) {
        const auto eq = p.find('=');
        const std::string key = to_upper(p.substr(0, eq));
        if (key.empty()) {
            return syntax("Invalid parameter");
        }
        cmd.params.emplace_back(key, eq == std::string_view::npos ? std::string() : std::string(p.substr(eq + 1)));
    }
    return cmd;
}

}  // namespace roost::smtp::proto
