// Lexical tokens of structured header fields.
#include "mail/rfc822_lexer.hpp"

#include <array>

namespace roost::mail {
namespace {

constexpr std::array<bool, 256> make_atext()
{
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) {
        t[c] =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    }
    for (const char c : std::string_view("!#$%&'*+-/=?^_`{|}~")) {
        t[static_cast<unsigned char>(c)] = true;
    }
    return t;
}

constexpr std::array<bool, 256> make_token()
{
    std::array<bool, 256> t{};
    for (int c = 0x21; c < 256; ++c) {
        t[c] = c != 0x7f;
    }
    for (const char c : std::string_view("()<>@,;:\\\"/[]?=")) {
        t[static_cast<unsigned char>(c)] = false;
    }
    return t;
}

constexpr std::array<bool, 256> kAtext = make_atext();
constexpr std::array<bool, 256> kToken = make_token();

}  // namespace

bool is_atext(unsigned char c)
{
    return kAtext[c];
}
bool is_mime_token_char(unsigned char c)
{
    return kToken[c];
}

bool Rfc822Lexer::skip_cfws(std::string* comment)
{
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++pos_;
            continue;
        }
        if (c != '(') {
            return true;
        }
        int depth = 0;
        std::string text;
        while (pos_ < text_.size()) {
            const char d = text_[pos_++];
            if (d == '\\' && pos_ < text_.size()) {
                text.push_back(text_[pos_++]);
                continue;
            }
            if (d == '(') {
                if (depth++ > 0) {
                    text.push_back(d);
                }
                continue;
            }
            if (d == ')') {
                if (--depth == 0) {
                    break;
                }
                text.push_back(d);
                continue;
            }
            if (d == '\0') {
                text += "\xEF\xBF\xBD";  // as in quoted strings
            } else if (d == '\n' || (d == '\r' && pos_ < text_.size() && text_[pos_] == '\n')) {
                // folding: the line end goes, a lone CR stays
            } else {
                text.push_back(d);
            }
        }
        if (depth > 0) {
            return false;
        }
        if (comment != nullptr) {
            *comment = std::move(text);
        }
    }
    return true;
}

bool Rfc822Lexer::read_atom(std::string& out)
{
    const std::size_t start = pos_;
    while (pos_ < text_.size() && kAtext[static_cast<unsigned char>(text_[pos_])]) {
        ++pos_;
    }
    out.append(text_.substr(start, pos_ - start));
    return pos_ > start;
}

bool Rfc822Lexer::read_dot_atom(std::string& out)
{
    if (!read_atom(out)) {
        return false;
    }
    for (;;) {
        const std::size_t save = pos_;
        skip_cfws();
        if (peek() != '.') {
            pos_ = save;
            return true;
        }
        ++pos_;
        out.push_back('.');
        skip_cfws();
        if (!read_atom(out)) {
            return true;
        }
    }
}

void Rfc822Lexer::read_mime_token(std::string& out)
{
    const std::size_t start = pos_;
    while (pos_ < text_.size() && kToken[static_cast<unsigned char>(text_[pos_])]) {
        ++pos_;
    }
    out.append(text_.substr(start, pos_ - start));
}

bool Rfc822Lexer::read_quoted_string(std::string& out)
{
    ++pos_;  // the opening quote
    // Text is copied in segments ended by a fold, a quoted pair or a NUL; an unterminated string
    // keeps the segments completed before the end (what Dovecot shows for such a string).
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == '"') {
            out.append(text_.substr(start, pos_ - start));
            ++pos_;
            return true;
        }
        if (c == '\0') {
            out.append(text_.substr(start, pos_ - start));
            out += "\xEF\xBF\xBD";  // no header may carry NUL: show U+FFFD
            start = ++pos_;
            continue;
        }
        if (c == '\n' || (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
            out.append(text_.substr(start, pos_ - start));  // folding: the line end goes
            pos_ += c == '\r' ? 2 : 1;
            start = pos_;
            continue;
        }
        if (c == '\\') {
            if (pos_ + 1 >= text_.size()) {
                ++pos_;
                return false;
            }
            const char next = text_[pos_ + 1];
            if (next != '\r' && next != '\n') {  // a backslash before a line end stays as it is
                out.append(text_.substr(start, pos_ - start));
                start = ++pos_;  // the quoted character starts the next segment
            }
        }
        ++pos_;
    }
    return false;
}

bool Rfc822Lexer::read_domain_literal(std::string& out)
{
    out.push_back('[');
    ++pos_;
    while (pos_ < text_.size()) {
        const char c = text_[pos_++];
        if (c == ']') {
            out.push_back(c);
            return true;
        }
        if (c == '\\' && pos_ < text_.size()) {
            out.push_back(text_[pos_++]);
            continue;
        }
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
            continue;
        }
        out.push_back(c);
    }
    return false;
}

bool Rfc822Lexer::read_word(std::string& out, bool* quoted)
{
    if (peek() == '"') {
        if (quoted != nullptr) {
            *quoted = true;
        }
        read_quoted_string(out);
        return true;
    }
    if (quoted != nullptr) {
        *quoted = false;
    }
    return read_atom(out);
}

bool Rfc822Lexer::read_phrase(std::string& out)
{
    bool any = false;
    for (;;) {
        const std::size_t save = pos_;
        std::string word;
        if (peek() == '.') {
            ++pos_;
            word = ".";
        } else if (!read_word(word)) {
            pos_ = save;
            return any;
        }
        if (any) {
            out.push_back(' ');
        }
        out += word;
        any = true;
        skip_cfws();
    }
}

}  // namespace roost::mail
