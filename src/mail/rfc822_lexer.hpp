// Rfc822Lexer: a cursor over a structured header value that reads the RFC 5322 / RFC 2045
// lexical tokens (atoms, MIME tokens, quoted strings, domain literals) and skips CFWS.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace roost::mail {

// Byte classes. 8-bit bytes count as atom and token characters: real mail carries raw UTF-8 and
// Latin-1 in headers, and readers keep it rather than dropping the field.
bool is_atext(unsigned char c);
bool is_mime_token_char(unsigned char c);

class Rfc822Lexer {
public:
    explicit Rfc822Lexer(std::string_view text) : text_(text) {}

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    std::size_t position() const { return pos_; }
    void set_position(std::size_t pos) { pos_ = pos; }
    std::string_view rest() const
    {
        return text_.substr(pos_ < text_.size() ? pos_ : text_.size());
    }
    void advance(std::size_t n = 1) { pos_ += n; }
    std::string_view slice(std::size_t from, std::size_t to) const
    {
        return text_.substr(from, to - from);
    }

    // Skips spaces, tabs, CR, LF and comments (nested, with quoted pairs). The text of the last
    // comment goes to `comment` when given. False when a comment is not terminated (the cursor
    // is then at the end).
    bool skip_cfws(std::string* comment = nullptr);

    // Reads 1*atext into out (appending). False, consuming nothing, when no atext follows.
    bool read_atom(std::string& out);
    // Reads a dot-atom: atoms joined by '.', CFWS allowed around the dots (obs-local-part).
    bool read_dot_atom(std::string& out);
    // Reads a MIME token (RFC 2045 section 5.1), possibly empty.
    void read_mime_token(std::string& out);
    // Reads a quoted string at '"' without its quotes, quoted pairs resolved, folding removed.
    // False when it is not terminated (the cursor is then at the end).
    bool read_quoted_string(std::string& out);
    // Reads a domain literal at '[' including its brackets. False when not terminated.
    bool read_domain_literal(std::string& out);
    // Reads a word (atom or quoted string). `quoted` tells which it was.
    bool read_word(std::string& out, bool* quoted = nullptr);
    // Reads a phrase: words separated by CFWS, joined with single spaces; obsolete '.' allowed.
    bool read_phrase(std::string& out);

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace roost::mail
