// IMAP string, nstring and literal writers.
#include "mail/imap/imap_string.hpp"

namespace roost::mail::imap {

void append_literal(std::string& out, std::string_view s)
{
    out += '{';
    out += std::to_string(s.size());
    out += "}\r\n";
    out += s;
}

void append_string(std::string& out, std::string_view s)
{
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || c == '\r' || c == '\n' || c == '\0') {
            append_literal(out, s);
            return;
        }
    }
    out += '"';
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
}

void append_nstring(std::string& out, const std::optional<std::string>& s)
{
    if (!s) {
        out += "NIL";
        return;
    }
    append_string(out, *s);
}

void append_nstring_nolf(std::string& out, const std::optional<std::string>& s)
{
    if (!s) {
        out += "NIL";
        return;
    }
    if (s->find_first_of("\r\n") == std::string::npos) {
        append_string(out, *s);
        return;
    }
    // A CR or LF followed by whitespace is folding and goes; one followed by anything else
    // separates words and becomes a space (as Dovecot sends it).
    std::string clean;
    clean.reserve(s->size());
    for (std::size_t i = 0; i < s->size(); ++i) {
        const char c = (*s)[i];
        if (c != '\r' && c != '\n') {
            clean += c;
            continue;
        }
        if (i + 1 < s->size()) {
            const char next = (*s)[i + 1];
            if (next != ' ' && next != '\t' && next != '\r' && next != '\n') {
                clean += ' ';
            }
        }
    }
    append_string(out, clean);
}

void append_string_for_humans(std::string& out, std::string_view s)
{
    bool literal = false;
    std::string clean;
    clean.reserve(s.size());
    bool pending_space = false;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (c != ' ' || pending_space || clean.empty()) {
                literal = true;  // something to clean up
            }
            pending_space = true;
            continue;
        }
        if (pending_space && !clean.empty()) {
            clean += ' ';
        }
        pending_space = false;
        if (u >= 0x80 || c == '"' || c == '\\' || c == '\0') {
            literal = true;
        }
        clean += c;
    }
    if (pending_space) {
        literal = true;  // trailing whitespace was trimmed
    }
    if (!literal) {
        out += '"';
        out += clean;
        out += '"';
        return;
    }
    append_literal(out, clean);
}

void append_nstring_for_humans(std::string& out, const std::optional<std::string>& s)
{
    if (!s) {
        out += "NIL";
        return;
    }
    append_string_for_humans(out, *s);
}

}  // namespace roost::mail::imap
