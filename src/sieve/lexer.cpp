// The Sieve lexer: identifiers, tags, numbers, quoted and multi-line strings, comments.
#include "sieve/lexer.hpp"

#include <cstddef>

namespace roost::sieve {
namespace {

constexpr bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
constexpr bool is_ident_start(char c)
{
    return is_alpha(c) || c == '_';
}
constexpr bool is_ident_char(char c)
{
    return is_ident_start(c) || is_digit(c);
}

class Lexer {
public:
    Lexer(std::string_view s, Diagnostics& diags) : s_(s), diags_(diags) {}

    std::vector<Token> run()
    {
        std::vector<Token> out;
        // About one token per six bytes in real scripts (5.75 in bench/lda's): growing the
        // vector instead was a tenth of compiling a 500-rule script. Reserving for one per
        // four bytes costs nothing for the part never used (a block that large is mapped,
        // its pages touched only when written).
        out.reserve(s_.size() / 4 + 1);
        while (true) {
            skip_space_and_comments();
            if (i_ >= s_.size() || diags_.full()) {
                break;
            }
            Token t;
            t.pos = pos();
            if (lex_one(t)) {
                out.push_back(std::move(t));
            }
        }
        Token end;
        end.kind = TokenKind::End;
        end.pos = pos();
        out.push_back(std::move(end));
        return out;
    }

private:
    Position pos() const
    {
        return Position{line_, static_cast<std::uint32_t>(i_ - line_start_ + 1)};
    }

    void advance()
    {
        if (s_[i_] == '\n') {
            ++line_;
            line_start_ = i_ + 1;
        }
        ++i_;
    }

    char peek(std::size_t ahead = 0) const
    {
        return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0';
    }

    void skip_space_and_comments()
    {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advance();
            } else if (c == '#') {
                while (i_ < s_.size() && s_[i_] != '\n') {
                    advance();
                }
            } else if (c == '/' && peek(1) == '*') {
                const Position start = pos();
                advance();
                advance();
                bool closed = false;
                while (i_ < s_.size()) {
                    if (s_[i_] == '*' && peek(1) == '/') {
                        advance();
                        advance();
                        closed = true;
                        break;
                    }
                    advance();
                }
                if (!closed) {
                    diags_.error(start, "unterminated bracket comment '/*'");
                }
            } else {
                break;
            }
        }
    }

    bool lex_one(Token& t)
    {
        const char c = s_[i_];
        switch (c) {
            case '[':
                return single(t, TokenKind::LeftBracket);
            case ']':
                return single(t, TokenKind::RightBracket);
            case '(':
                return single(t, TokenKind::LeftParen);
            case ')':
                return single(t, TokenKind::RightParen);
            case '{':
                return single(t, TokenKind::LeftBrace);
            case '}':
                return single(t, TokenKind::RightBrace);
            case ',':
                return single(t, TokenKind::Comma);
            case ';':
                return single(t, TokenKind::Semicolon);
            case '"':
                return quoted(t);
            case ':':
                return tag(t);
            default:
                break;
        }
        if (is_digit(c)) {
            return number(t);
        }
        if (is_ident_start(c)) {
            return identifier(t);
        }
        const auto byte = static_cast<unsigned char>(c);
        std::string shown =
            (byte >= 0x21 && byte < 0x7f) ? std::string("'") + c + "'" : "byte 0x" + hex(byte);
        diags_.error(t.pos, "unexpected character " + shown);
        advance();
        return false;
    }

    static std::string hex(unsigned char b)
    {
        static constexpr char kDigits[] = "0123456789abcdef";
        return std::string{kDigits[b >> 4], kDigits[b & 15]};
    }

    bool single(Token& t, TokenKind kind)
    {
        t.kind = kind;
        advance();
        return true;
    }

    bool tag(Token& t)
    {
        advance();
        if (!is_ident_start(peek())) {
            diags_.error(t.pos, "expected an identifier after ':' for a tagged argument");
            return false;
        }
        t.kind = TokenKind::Tag;
        while (i_ < s_.size() && is_ident_char(s_[i_])) {
            t.text += s_[i_];
            advance();
        }
        return true;
    }

    bool number(Token& t)
    {
        t.kind = TokenKind::Number;
        std::uint64_t v = 0;
        bool overflow = false;
        while (i_ < s_.size() && is_digit(s_[i_])) {
            const std::uint64_t d = static_cast<std::uint64_t>(s_[i_] - '0');
            if (v > (kMaxNumber - d) / 10) {
                overflow = true;
            } else {
                v = v * 10 + d;
            }
            advance();
        }
        std::uint64_t mult = 1;
        switch (peek()) {
            case 'k':
            case 'K':
                mult = 1ull << 10;
                break;
            case 'm':
            case 'M':
                mult = 1ull << 20;
                break;
            case 'g':
            case 'G':
                mult = 1ull << 30;
                break;
            default:
                break;
        }
        if (mult != 1) {
            advance();
            if (v > kMaxNumber / mult) {
                overflow = true;
            } else {
                v *= mult;
            }
        }
        if (is_ident_char(peek())) {
            diags_.error(pos(),
                         "unexpected character '" + std::string(1, peek()) + "' after number");
            while (i_ < s_.size() && is_ident_char(s_[i_])) {
                advance();
            }
        }
        if (overflow) {
            diags_.error(t.pos, "number exceeds the limit of " + std::to_string(kMaxNumber));
            v = kMaxNumber;
        }
        t.number = v;
        return true;
    }

    bool identifier(Token& t)
    {
        std::size_t j = i_;
        while (j < s_.size() && is_ident_char(s_[j])) {
            ++j;
        }
        const std::string_view word = s_.substr(i_, j - i_);
        if (j < s_.size() && s_[j] == ':' && word.size() == 4 &&
            (word[0] == 't' || word[0] == 'T') && (word[1] == 'e' || word[1] == 'E') &&
            (word[2] == 'x' || word[2] == 'X') && (word[3] == 't' || word[3] == 'T')) {
            while (i_ <= j) {
                advance();
            }
            return multiline(t);
        }
        t.kind = TokenKind::Identifier;
        t.text = std::string(word);
        while (i_ < j) {
            advance();
        }
        return true;
    }

    bool quoted(Token& t)
    {
        t.kind = TokenKind::String;
        advance();
        while (i_ < s_.size()) {
            // The text up to the next quote or backslash is copied as it is, in one append.
            std::size_t run_end = i_;
            while (run_end < s_.size() && s_[run_end] != '"' && s_[run_end] != '\\') {
                ++run_end;
            }
            t.text.append(s_.substr(i_, run_end - i_));
            while (i_ < run_end) {
                advance();
            }
            if (i_ >= s_.size()) {
                break;
            }
            char c = s_[i_];
            if (c == '"') {
                advance();
                return true;
            }
            if (c == '\\' && i_ + 1 < s_.size()) {
                // RFC 5228 2.4.2: "\\" and "\"" are escapes; any other backslash is dropped
                // and the character after it kept.
                advance();
                c = s_[i_];
            }
            t.text += c;
            advance();
        }
        diags_.error(t.pos, "unterminated quoted string");
        return true;
    }

    // "text:" [spaces] (hash comment / line end), lines, "." line end. Lines starting with
    // "." have that dot removed (dot-stuffing). The value keeps each line's own line end.
    bool multiline(Token& t)
    {
        t.kind = TokenKind::String;
        t.multiline = true;
        while (peek() == ' ' || peek() == '\t') {
            advance();
        }
        if (peek() == '#') {
            while (i_ < s_.size() && s_[i_] != '\n') {
                advance();
            }
        } else if (peek() == '\r' && peek(1) == '\n') {
            advance();
        } else if (peek() != '\n') {
            diags_.error(pos(), "expected a line end after 'text:'");
            while (i_ < s_.size() && s_[i_] != '\n') {
                advance();
            }
        }
        if (i_ < s_.size()) {
            advance();  // the '\n'
        }
        while (i_ < s_.size()) {
            std::size_t e = s_.find('\n', i_);
            const bool has_lf = e != std::string_view::npos;
            if (!has_lf) {
                e = s_.size();
            }
            std::string_view line = s_.substr(i_, e - i_);
            std::string_view bare = line;
            if (!bare.empty() && bare.back() == '\r') {
                bare.remove_suffix(1);
            }
            if (bare == ".") {
                while (i_ < e) {
                    advance();
                }
                if (has_lf) {
                    advance();
                }
                return true;
            }
            if (!line.empty() && line[0] == '.') {
                line.remove_prefix(1);
            }
            t.text.append(line);
            if (has_lf) {
                t.text += '\n';
            }
            while (i_ < e) {
                advance();
            }
            if (has_lf) {
                advance();
            }
        }
        diags_.error(t.pos, "unterminated multi-line string (missing a line holding only '.')");
        return true;
    }

    std::string_view s_;
    Diagnostics& diags_;
    std::size_t i_ = 0;
    std::uint32_t line_ = 1;
    std::size_t line_start_ = 0;
};

}  // namespace

std::string_view token_kind_name(TokenKind kind)
{
    switch (kind) {
        case TokenKind::Identifier:
            return "identifier";
        case TokenKind::Tag:
            return "tagged argument";
        case TokenKind::Number:
            return "number";
        case TokenKind::String:
            return "string";
        case TokenKind::LeftBracket:
            return "'['";
        case TokenKind::RightBracket:
            return "']'";
        case TokenKind::LeftParen:
            return "'('";
        case TokenKind::RightParen:
            return "')'";
        case TokenKind::LeftBrace:
            return "'{'";
        case TokenKind::RightBrace:
            return "'}'";
        case TokenKind::Comma:
            return "','";
        case TokenKind::Semicolon:
            return "';'";
        case TokenKind::End:
            return "end of script";
    }
    return "token";
}

std::string describe_token(const Token& token)
{
    switch (token.kind) {
        case TokenKind::Identifier:
            return "identifier '" + token.text + "'";
        case TokenKind::Tag:
            return "tag ':" + token.text + "'";
        case TokenKind::Number:
            return "number " + std::to_string(token.number);
        case TokenKind::String:
            return "string";
        default:
            return std::string(token_kind_name(token.kind));
    }
}

std::vector<Token> tokenize(std::string_view script, Diagnostics& diags)
{
    return Lexer(script, diags).run();
}

}  // namespace roost::sieve
