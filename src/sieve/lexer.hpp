// Lexer: splits a Sieve script (RFC 5228 section 8.1) into tokens with their line:column
// positions. Pure: it works on bytes held in memory and reports problems as diagnostics.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sieve/diagnostics.hpp"

namespace roost::sieve {

enum class TokenKind {
    Identifier,  // text = the identifier as written
    Tag,         // text = the identifier after ':'
    Number,      // number = the value with its K/M/G quantifier applied
    String,      // text = the decoded string (quoted or multi-line)
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    Comma,
    Semicolon,
    End,
};

struct Token {
    TokenKind kind = TokenKind::End;
    Position pos;
    std::string text;
    std::uint64_t number = 0;
    bool multiline = false;  // a "text:" string
};

// A printable name of a token kind for error messages ("identifier", "'{'").
std::string_view token_kind_name(TokenKind kind);
// How a token reads in an error message: its kind plus its text when short.
std::string describe_token(const Token& token);

// Largest number a script may write: Pigeonhole's limit, so scripts agree on what is too big.
inline constexpr std::uint64_t kMaxNumber = (std::uint64_t{1} << 63) - 1;

// Tokenises the whole script. Lexical errors (an unterminated string or comment, a stray
// character, a number too large) are added to diags and the offending bytes are skipped, so
// the parser still sees the rest. The last token is always End.
std::vector<Token> tokenize(std::string_view script, Diagnostics& diags);

}  // namespace roost::sieve
