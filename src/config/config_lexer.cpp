// ConfigLexer: logical lines of Dovecot's config syntax.
#include "config/config_lexer.hpp"

#include "core/strings.hpp"

namespace roost::config {
namespace {

bool is_quote(char c) { return c == '"' || c == '\''; }

// Removes backslash escapes: "\x" becomes "x" for any x.
std::string unescape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            ++i;
        }
        out += s[i];
    }
    return out;
}

// Whole-value quotes: "..." or '...' with the same quote at both ends.
bool fully_quoted(std::string_view s)
{
    return s.size() >= 2 && is_quote(s.front()) && s.back() == s.front();
}

// Cuts a '#' comment outside quotes. Sets `ambiguous` when '#' was glued to a word, which
// Dovecot also treats as a comment but warns about.
std::string_view strip_comment(std::string_view line, bool& ambiguous)
{
    ambiguous = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (is_quote(c)) {
            std::size_t j = i + 1;
            while (j < line.size() && line[j] != c) {
                j += (line[j] == '\\' && j + 1 < line.size()) ? 2 : 1;
            }
            if (j >= line.size()) {
                return line;  // unterminated quote: the rest is value text
            }
            i = j;
        } else if (c == '#') {
            ambiguous = i > 0 && !is_space(line[i - 1]);
            return line.substr(0, i);
        }
    }
    return line;
}

ConfigLine error_line(int line, std::string message)
{
    ConfigLine l;
    l.kind = ConfigLine::Kind::Error;
    l.line = line;
    l.value = std::move(message);
    return l;
}

bool is_key_end(char c) { return is_space(c) || c == '=' || c == '{'; }

// Parses one complete logical line (comments and continuations already handled).
ConfigLine parse_logical_line(std::string_view text, int line_no)
{
    ConfigLine out;
    out.line = line_no;

    for (const auto& [word, kind] : {std::pair{std::string_view("!include_try"), ConfigLine::Kind::IncludeTry},
                                     std::pair{std::string_view("!include"), ConfigLine::Kind::Include}}) {
        if (text.substr(0, word.size()) == word &&
            (text.size() == word.size() || is_space(text[word.size()]))) {
            std::string_view path = trim(text.substr(word.size()));
            if (path.empty()) {
                return error_line(line_no, std::string(word) + " needs a path");
            }
            out.kind = kind;
            out.quoted = fully_quoted(path);
            out.value = out.quoted ? unescape(path.substr(1, path.size() - 2)) : std::string(path);
            return out;
        }
    }
    if (text.front() == '!') {
        return error_line(line_no, "Unknown directive: " + std::string(split_words(text)[0]));
    }
    if (text == "}") {
        out.kind = ConfigLine::Kind::SectionEnd;
        return out;
    }

    std::size_t i = 0;
    while (i < text.size() && !is_key_end(text[i])) {
        ++i;
    }
    if (i == 0) {
        return error_line(line_no, text.front() == '}' ? "Garbage after '}'"
                                                       : "Expecting a setting name before '" +
                                                             std::string(1, text.front()) + "'");
    }
    out.key = std::string(text.substr(0, i));
    std::string_view rest = trim_left(text.substr(i));

    if (!rest.empty() && rest.front() == '=') {
        std::string_view value = trim(rest.substr(1));
        if (!value.empty() && value.front() == '<') {
            std::string_view path = trim(value.substr(1));
            if (path.empty()) {
                return error_line(line_no, out.key + ": '<' needs a file name");
            }
            out.kind = ConfigLine::Kind::AssignFile;
            out.quoted = fully_quoted(path);
            out.value = out.quoted ? unescape(path.substr(1, path.size() - 2)) : std::string(path);
            return out;
        }
        out.kind = ConfigLine::Kind::Assign;
        out.quoted = fully_quoted(value);
        out.value = out.quoted ? unescape(value.substr(1, value.size() - 2)) : std::string(value);
        return out;
    }

    // A section: "type {" or "type name {", the '{' ending the line.
    std::string name;
    if (!rest.empty() && rest.front() != '{') {
        if (is_quote(rest.front())) {
            const char q = rest.front();
            std::size_t j = 1;
            while (j < rest.size() && rest[j] != q) {
                j += (rest[j] == '\\' && j + 1 < rest.size()) ? 2 : 1;
            }
            if (j >= rest.size()) {
                return error_line(line_no, "Missing closing quote in section name");
            }
            name = unescape(rest.substr(1, j - 1));
            out.quoted = true;
            rest = trim_left(rest.substr(j + 1));
        } else {
            std::size_t j = 0;
            while (j < rest.size() && !is_space(rest[j]) && rest[j] != '{') {
                ++j;
            }
            name = std::string(rest.substr(0, j));
            rest = trim_left(rest.substr(j));
        }
    }
    if (rest.empty()) {
        return error_line(line_no, "Expecting '=' after " + out.key);
    }
    if (rest.front() != '{') {
        return error_line(line_no, "Expecting '=' or '{' after " + out.key);
    }
    if (rest.size() > 1) {
        return error_line(line_no, "Garbage after '{' (a section's settings go on their own lines)");
    }
    out.kind = ConfigLine::Kind::SectionBegin;
    out.value = std::move(name);
    return out;
}

}  // namespace

std::vector<ConfigLine> lex_config(std::string_view text)
{
    std::vector<ConfigLine> lines;
    std::string pending;  // a logical line being continued with '\'
    int pending_start = 0;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view physical = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;

        bool ambiguous = false;
        std::string_view body = trim(strip_comment(trim_left(physical), ambiguous));
        const bool continues = !body.empty() && body.back() == '\\';
        if (continues) {
            body = trim_right(body.substr(0, body.size() - 1));
        }
        if (pending.empty() && !continues && body.empty()) {
            continue;
        }
        if (pending_start == 0) {
            pending_start = line_no;
        }
        if (!pending.empty() && !body.empty()) {
            pending += ' ';
        }
        pending += body;
        if (continues) {
            continue;
        }
        if (!pending.empty()) {
            ConfigLine l = parse_logical_line(pending, pending_start);
            if (ambiguous) {
                l.warning = "Ambiguous '#' character in line, treating it as comment. "
                            "Add a space before it to remove this warning.";
            }
            lines.push_back(std::move(l));
        }
        pending.clear();
        pending_start = 0;
    }
    if (!pending.empty()) {
        lines.push_back(parse_logical_line(pending, pending_start));
    }
    return lines;
}

}  // namespace roost::config
