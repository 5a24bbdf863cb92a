// Content-Type, Content-Disposition, parameters, RFC 2231, Content-Transfer-Encoding and
// Content-Language parsing.
#include "mail/content_type.hpp"

#include <algorithm>
#include <cstring>

#include "core/strings.hpp"
#include "mail/charset.hpp"
#include "mail/rfc822_lexer.hpp"

namespace roost::mail {
namespace {

// One "; attr=value". 1: read, 0: no more parameters, -1: this one is broken.
int read_param(Rfc822Lexer& lex, MimeParam& out)
{
    lex.skip_cfws();
    if (lex.at_end()) {
        return 0;
    }
    if (lex.peek() != ';') {
        return -1;
    }
    lex.advance();
    lex.skip_cfws();
    if (lex.at_end()) {
        return 0;
    }
    out.name.clear();
    out.value.clear();
    lex.read_mime_token(out.name);
    lex.skip_cfws();
    if (lex.peek() != '=') {
        return -1;
    }
    lex.advance();
    lex.skip_cfws();
    if (lex.peek() == '"') {
        return lex.read_quoted_string(out.value) ? 1 : -1;
    }
    if (lex.peek() == '=') {
        // Some clients write unquoted "boundary==_xyz"; keep the '=' as part of the value.
        out.value.push_back('=');
        lex.advance();
    }
    lex.read_mime_token(out.value);
    return 1;
}

std::vector<MimeParam> read_params(Rfc822Lexer& lex)
{
    std::vector<MimeParam> params;
    for (;;) {
        MimeParam p;
        const int r = read_param(lex, p);
        if (r == 0) {
            break;
        }
        if (r < 0) {
            // Resynchronise on the next ';' after the broken spot.
            if (lex.at_end()) {
                break;
            }
            lex.advance();
            while (!lex.at_end() && lex.peek() != ';') {
                lex.advance();
            }
            continue;
        }
        params.push_back(std::move(p));
    }
    return join_rfc2231(std::move(params));
}

struct Segment {
    std::string name;
    unsigned index = 0;
    bool extended = false;
    std::string value;
};

// Splits "name*3*" into its parts; false for names that are not RFC 2231 forms.
bool split_rfc2231_name(const std::string& key, Segment& seg)
{
    const std::size_t star = key.find('*');
    if (star == std::string::npos) {
        return false;
    }
    seg.name = key.substr(0, star);
    std::size_t i = star + 1;
    if (i == key.size()) {
        seg.extended = true;  // "name*": one extended value (RFC 2231 section 4)
        return true;
    }
    unsigned index = 0;
    std::size_t digits = 0;
    while (i < key.size() && key[i] >= '0' && key[i] <= '9') {
        if (++digits > 6) {
            return false;
        }
        index = index * 10 + static_cast<unsigned>(key[i] - '0');
        ++i;
    }
    if (i < key.size() && key[i] == '*') {
        seg.extended = true;
        ++i;
    }
    if (i != key.size()) {
        return false;
    }
    seg.index = index;
    return true;
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string escape_percent(std::string_view s)
{
    std::string out;
    for (const char c : s) {
        if (c == '%') {
            out += "%25";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::vector<MimeParam> join_rfc2231(std::vector<MimeParam> params)
{
    std::vector<MimeParam> out;
    std::vector<Segment> segments;
    for (MimeParam& p : params) {
        Segment seg;
        if (split_rfc2231_name(p.name, seg)) {
            seg.value = std::move(p.value);
            segments.push_back(std::move(seg));
        } else {
            out.push_back(std::move(p));
        }
    }
    std::stable_sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
        const int c = a.name.compare(b.name);
        return c != 0 ? c < 0 : a.index < b.index;
    });
    for (std::size_t i = 0; i < segments.size();) {
        std::size_t j = i + 1;
        while (j < segments.size() && iequals(segments[j].name, segments[i].name)) {
            ++j;
        }
        bool complete = true;
        bool extended = false;
        for (std::size_t k = i; k < j; ++k) {
            complete = complete && segments[k].index == k - i;
            extended = extended || segments[k].extended;
        }
        if (complete) {
            MimeParam joined;
            joined.name = segments[i].name + (extended ? "*" : "");
            if (extended && !segments[i].extended) {
                joined.value = "''";  // no charset or language was given
            }
            for (std::size_t k = i; k < j; ++k) {
                joined.value += extended && !segments[k].extended
                                    ? escape_percent(segments[k].value)
                                    : segments[k].value;
            }
            out.push_back(std::move(joined));
        } else {
            for (std::size_t k = i; k < j; ++k) {
                out.push_back({segments[k].name + "*" + std::to_string(segments[k].index) +
                                   (segments[k].extended ? "*" : ""),
                               std::move(segments[k].value)});
            }
        }
        i = j;
    }
    return out;
}

ContentType parse_content_type(std::string_view value)
{
    ContentType ct;
    Rfc822Lexer lex(value);
    lex.skip_cfws();
    std::string type;
    lex.read_mime_token(type);
    if (type.empty()) {
        return ct;
    }
    lex.skip_cfws();
    std::string subtype;
    if (lex.peek() == '/') {
        lex.advance();
        lex.skip_cfws();
        lex.read_mime_token(subtype);
        if (subtype.empty()) {
            return ct;  // "type/" with nothing after the slash
        }
        lex.skip_cfws();
    }
    if (!lex.at_end() && lex.peek() != ';') {
        return ct;
    }
    ct.type = std::move(type);
    ct.subtype = std::move(subtype);
    ct.params = read_params(lex);
    return ct;
}

ContentDisposition parse_content_disposition(std::string_view value)
{
    ContentDisposition cd;
    Rfc822Lexer lex(value);
    lex.skip_cfws();
    lex.read_mime_token(cd.type);
    cd.params = read_params(lex);
    return cd;
}

std::vector<MimeParam> parse_mime_params(std::string_view text)
{
    Rfc822Lexer lex(text);
    return read_params(lex);
}

std::optional<std::string> parse_transfer_encoding(std::string_view value)
{
    Rfc822Lexer lex(value);
    lex.skip_cfws();
    std::string token;
    lex.read_mime_token(token);
    lex.skip_cfws();
    if (token.empty() || !lex.at_end()) {
        return std::nullopt;  // junk after the token: the field is ignored
    }
    return token;
}

std::string clean_transfer_encoding(std::string_view value)
{
    Rfc822Lexer lex(value);
    lex.skip_cfws();
    std::string token;
    lex.read_mime_token(token);
    lex.skip_cfws();
    return lex.at_end() || lex.peek() == ';' ? to_lower(token) : std::string();
}

std::vector<std::string> parse_content_language(std::string_view value)
{
    std::vector<std::string> out;
    Rfc822Lexer lex(value);
    for (;;) {
        lex.skip_cfws();
        std::string tag;
        lex.read_mime_token(tag);
        if (tag.empty()) {
            break;
        }
        out.push_back(std::move(tag));
        lex.skip_cfws();
        if (lex.peek() != ',') {
            break;
        }
        lex.advance();
    }
    return out;
}

std::string decode_param_value(const MimeParam& param)
{
    if (param.name.empty() || param.name.back() != '*') {
        return param.value;
    }
    const std::string& v = param.value;
    const std::size_t q1 = v.find('\'');
    const std::size_t q2 = q1 == std::string::npos ? q1 : v.find('\'', q1 + 1);
    if (q2 == std::string::npos) {
        return v;
    }
    const std::string charset = v.substr(0, q1);
    std::string bytes;
    for (std::size_t i = q2 + 1; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size()) {
            const int hi = hex_value(v[i + 1]);
            const int lo = hex_value(v[i + 2]);
            if (hi >= 0 && lo >= 0) {
                bytes.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        bytes.push_back(v[i]);
    }
    return charset.empty() ? bytes : to_utf8(bytes, charset);
}

std::optional<std::string> find_param(const std::vector<MimeParam>& params, std::string_view name)
{
    for (const MimeParam& p : params) {
        if (iequals(p.name, name)) {
            return p.value;
        }
    }
    for (const MimeParam& p : params) {
        if (p.name.size() == name.size() + 1 && p.name.back() == '*' &&
            iequals(std::string_view(p.name).substr(0, name.size()), name)) {
            return decode_param_value(p);
        }
    }
    return std::nullopt;
}

}  // namespace roost::mail
