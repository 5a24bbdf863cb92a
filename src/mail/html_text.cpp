// HTML to text conversion.
#include "mail/html_text.hpp"

#include "core/strings.hpp"
#include "mail/utf8.hpp"

namespace roost::mail {
namespace {

bool starts_with_ci(std::string_view s, std::size_t at, std::string_view prefix)
{
    return s.size() - at >= prefix.size() && iequals(s.substr(at, prefix.size()), prefix);
}

bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Offset just past the '>' ending the tag that starts at `at`; quoted attribute values may hold
// '>'. The end of the input when the tag is not closed.
std::size_t tag_end(std::string_view s, std::size_t at)
{
    char quote = 0;
    for (std::size_t i = at + 1; i < s.size(); ++i) {
        const char c = s[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return s.size();
}

// The lowercased tag name at `at` ('<' [ '/' ] name), and whether it is a closing tag.
std::string tag_name(std::string_view s, std::size_t at, bool& closing)
{
    std::size_t i = at + 1;
    closing = i < s.size() && s[i] == '/';
    if (closing) {
        ++i;
    }
    std::string name;
    while (i < s.size() && is_alnum(s[i])) {
        name.push_back(ascii_lower(s[i++]));
    }
    return name;
}

// Skips the content of an element up to its matching end tag; nested ones of the same name
// (blockquote in blockquote) count. Returns the offset after the end tag.
std::size_t skip_element(std::string_view s, std::size_t from, std::string_view name)
{
    int depth = 1;
    std::size_t i = from;
    while (i < s.size()) {
        const std::size_t lt = s.find('<', i);
        if (lt == std::string_view::npos) {
            return s.size();
        }
        bool closing = false;
        const std::string n = tag_name(s, lt, closing);
        const std::size_t end = tag_end(s, lt);
        if (n == name) {
            depth += closing ? -1 : 1;
            if (depth == 0) {
                return end;
            }
        }
        i = end > lt ? end : lt + 1;
    }
    return s.size();
}

// A character reference after '&': appends its text and returns the offset after it.
std::size_t read_reference(std::string_view s, std::size_t amp, std::string& out)
{
    std::size_t j = amp + 1;
    while (j < s.size() && (is_alnum(s[j]) || s[j] == '#')) {
        ++j;
    }
    const std::string_view body = s.substr(amp + 1, j - amp - 1);
    if (j >= s.size() || s[j] != ';') {
        out.append(body);  // not terminated: keep the text, drop the '&'
        return j;
    }
    char32_t code = 0;
    if (!body.empty() && body[0] == '#') {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        std::uint64_t v = 0;
        bool ok = body.size() > (hex ? 2u : 1u);
        for (std::size_t k = hex ? 2 : 1; k < body.size() && ok; ++k) {
            const char c = body[k];
            int d = -1;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (hex && c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (hex && c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            }
            ok = d >= 0;
            v = v * (hex ? 16 : 10) + static_cast<unsigned>(d < 0 ? 0 : d);
            ok = ok && v <= 0x10FFFF;
        }
        code = ok ? static_cast<char32_t>(v) : 0;
        if (code >= 0xD800 && code <= 0xDFFF) {
            code = 0;
        }
    } else {
        code = html_entity(body);
    }
    if (code != 0) {
        utf8_append(out, code);
    }
    return j + 1;
}

}  // namespace

std::string html_to_text(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '&') {
            i = read_reference(s, i, out);
            continue;
        }
        if (c != '<') {
            out.push_back(c);
            ++i;
            continue;
        }
        if (s.compare(i, 4, "<!--") == 0) {
            const std::size_t end = s.find("-->", i + 4);
            i = end == std::string_view::npos ? s.size() : end + 3;
            continue;
        }
        if (starts_with_ci(s, i, "<![CDATA[")) {
            const std::size_t end = s.find("]]>", i + 9);
            out.append(s.substr(i + 9, (end == std::string_view::npos ? s.size() : end) - i - 9));
            i = end == std::string_view::npos ? s.size() : end + 3;
            continue;
        }
        bool closing = false;
        const std::string name = tag_name(s, i, closing);
        i = tag_end(s, i);
        if (!closing && (name == "script" || name == "style" || name == "blockquote")) {
            i = skip_element(s, i, name);
        }
        out.push_back(' ');
    }
    return out;
}

}  // namespace roost::mail
