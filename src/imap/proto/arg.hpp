// Arg and Command: an IMAP command as the receiver hands it over (first parsing step): the tag,
// the command name and its arguments as a token tree. Typed parsers (second step) turn the tree
// into per-command structs; handlers never look at tokens.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace roost::imap::proto {

struct Arg {
    enum class Kind {
        Atom,     // ATOM-CHARs, also "\Seen", "1:*", "BODY.PEEK[HEADER.FIELDS (To)]<0.100>"
        Nil,      // the atom NIL in any case; `value` keeps it as written
        Quoted,   // "..." with the escapes removed
        Literal,  // {n} / {n+} / ~{n}; `value` holds the n bytes
        List,     // ( ... ); `items` holds the elements
    };
    Kind kind = Kind::Atom;
    std::string value;
    std::vector<Arg> items;
    bool literal8 = false;     // Literal written as ~{n} (RFC 3516): may hold NUL
    bool has_section = false;  // Atom holding a [ ... ] part (FETCH sections, "[Gmail]/Sent")

    bool is_string() const { return kind == Kind::Quoted || kind == Kind::Literal; }
    // An astring: an atom (NIL included, as the name "NIL"), a quoted string or a literal.
    bool is_astring() const { return kind != Kind::List; }
};

struct Command {
    std::string tag;
    std::string name;  // upper case; "UID FETCH", "UID EXPUNGE" ... for UID commands
    std::vector<Arg> args;
};

// ATOM-CHAR of RFC 3501 plus the list wildcards '%' '*' and resp-special ']' (which astrings,
// LIST patterns and sequence sets use): any printable ASCII but ( ) { " and space.
constexpr bool is_atom_char(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '(' && c != ')' && c != '{' && c != '"';
}

// A tag: ASTRING-CHARs without '+' (RFC 3501 "tag"); '%', '*' and '\' are out too.
constexpr bool is_tag_char(char c)
{
    return is_atom_char(c) && c != '+' && c != '%' && c != '*' && c != '\\';
}

// A compact rendering of a token tree for logs and tests: atoms bare, strings quoted, literals
// as {n}"bytes", lists in parentheses. Not IMAP output.
std::string describe(const Arg& arg);
std::string describe(const std::vector<Arg>& args);
std::string describe(const Command& command);

}  // namespace roost::imap::proto
