// Fields of Dovecot's auth protocol.
#include "auth/proto/fields.hpp"

namespace roost::auth::proto {
namespace {

constexpr char kEscape = '\001';

std::string unescape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != kEscape || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        switch (s[++i]) {
        case '1': out += kEscape; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'n': out += '\n'; break;
        default: out += s[i]; break;  // unknown escapes keep the character, as Dovecot does
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> split_fields(std::string_view line)
{
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        const std::string_view field = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
        fields.push_back(field.find(kEscape) == std::string_view::npos ? std::string(field) : unescape(field));
        if (tab == std::string_view::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

std::string escape_field(std::string_view field)
{
    std::string out;
    out.reserve(field.size());
    for (const char c : field) {
        switch (c) {
        case kEscape: out += "\0011"; break;
        case '\t': out += "\001t"; break;
        case '\r': out += "\001r"; break;
        case '\n': out += "\001n"; break;
        default: out += c; break;
        }
    }
    return out;
}

std::string make_line(const std::vector<std::string>& fields)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            line += '\t';
        }
        line += escape_field(fields[i]);
    }
    line += '\n';
    return line;
}

Param parse_param(std::string_view field)
{
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) {
        return Param{std::string(field), {}, false};
    }
    return Param{std::string(field.substr(0, eq)), std::string(field.substr(eq + 1)), true};
}

std::string param_field(std::string_view key, std::string_view value)
{
    std::string out(key);
    out += '=';
    out += value;
    return out;
}

}  // namespace roost::auth::proto
