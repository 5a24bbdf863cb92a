// Parsing of section specifications and partial ranges.
#include "mail/imap/section.hpp"

#include "core/strings.hpp"
#include "mail/mail_error.hpp"

namespace roost::mail::imap {
namespace {

Error bad(std::string_view text)
{
    return mail_error(MailError::BadSection, "invalid section: " + std::string(text));
}

bool starts_with_ci(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// "(name name ...)": atoms or quoted strings (`quoted` says which).
bool parse_header_list(std::string_view s, std::vector<std::string>& out, std::vector<bool>& quoted)
{
    s = trim(s);
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') {
        return false;
    }
    s = s.substr(1, s.size() - 2);
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        std::string name;
        quoted.push_back(s[i] == '"');
        if (s[i] == '"') {
            ++i;
            while (i < s.size() && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    ++i;
                }
                name += s[i++];
            }
            if (i >= s.size()) {
                return false;
            }
            ++i;
        } else {
            while (i < s.size() && s[i] != ' ') {
                const char c = s[i];
                if (c == '(' || c == ')' || c == '"' || c == '{' ||
                    static_cast<unsigned char>(c) < 0x21) {
                    return false;
                }
                name += c;
                ++i;
            }
        }
        out.push_back(std::move(name));
    }
    return !out.empty();
}

}  // namespace

std::string SectionSpec::to_string() const
{
    std::string out;
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (i > 0) {
            out += '.';
        }
        out += std::to_string(part[i]);
    }
    std::string text;
    switch (kind) {
        case Kind::Full:
            return out;
        case Kind::Header:
            text = "HEADER";
            break;
        case Kind::HeaderFields:
        case Kind::HeaderFieldsNot:
            text = kind == Kind::HeaderFields ? "HEADER.FIELDS (" : "HEADER.FIELDS.NOT (";
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (i > 0) {
                    text += ' ';
                }
                // A name the client quoted is echoed quoted, as Dovecot does: clients may look
                // the answer up by the text they sent.
                if (i < quoted.size() && quoted[i]) {
                    text += '"';
                    for (const char c : to_upper(fields[i])) {
                        if (c == '"' || c == '\\') {
                            text += '\\';
                        }
                        text += c;
                    }
                    text += '"';
                } else {
                    text += to_upper(fields[i]);
                }
            }
            text += ')';
            break;
        case Kind::Text:
            text = "TEXT";
            break;
        case Kind::Mime:
            text = "MIME";
            break;
    }
    return out.empty() ? text : out + "." + text;
}

Result<SectionSpec> parse_section(std::string_view text)
{
    SectionSpec spec;
    std::string_view s = text;
    while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
        std::uint64_t n = 0;
        std::size_t i = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            n = n * 10 + static_cast<unsigned>(s[i] - '0');
            if (n > 0xffffffffu) {
                return bad(text);
            }
            ++i;
        }
        if (n == 0) {
            return bad(text);
        }
        spec.part.push_back(static_cast<std::uint32_t>(n));
        s.remove_prefix(i);
        if (s.empty()) {
            return spec;
        }
        if (s[0] != '.') {
            return bad(text);
        }
        s.remove_prefix(1);
        if (s.empty()) {
            return bad(text);
        }
    }
    if (s.empty()) {
        return spec;
    }
    if (starts_with_ci(s, "HEADER.FIELDS.NOT ") || starts_with_ci(s, "HEADER.FIELDS ")) {
        const bool negate = starts_with_ci(s, "HEADER.FIELDS.NOT ");
        spec.kind = negate ? SectionSpec::Kind::HeaderFieldsNot : SectionSpec::Kind::HeaderFields;
        if (!parse_header_list(s.substr(negate ? 18 : 14), spec.fields, spec.quoted)) {
            return bad(text);
        }
        return spec;
    }
    if (iequals(s, "HEADER")) {
        spec.kind = SectionSpec::Kind::Header;
    } else if (iequals(s, "TEXT")) {
        spec.kind = SectionSpec::Kind::Text;
    } else if (iequals(s, "MIME") && !spec.part.empty()) {
        spec.kind = SectionSpec::Kind::Mime;
    } else {
        return bad(text);
    }
    return spec;
}

Result<Partial> parse_partial(std::string_view text)
{
    if (text.size() < 5 || text.front() != '<' || text.back() != '>') {
        return mail_error(MailError::BadSection, "invalid partial: " + std::string(text));
    }
    const std::string_view inner = text.substr(1, text.size() - 2);
    const std::size_t dot = inner.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == inner.size()) {
        return mail_error(MailError::BadSection, "invalid partial: " + std::string(text));
    }
    Partial p;
    auto number = [](std::string_view digits, std::uint64_t& out) {
        out = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9' || out > 0xffffffffull) {
                return false;
            }
            out = out * 10 + static_cast<unsigned>(c - '0');
        }
        return out <= 0xffffffffull;
    };
    if (!number(inner.substr(0, dot), p.offset) || !number(inner.substr(dot + 1), p.count) ||
        p.count == 0) {
        return mail_error(MailError::BadSection, "invalid partial: " + std::string(text));
    }
    return p;
}

}  // namespace roost::mail::imap
