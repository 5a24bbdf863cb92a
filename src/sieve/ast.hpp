// The syntax tree of a Sieve script as the parser builds it (RFC 5228 section 8.2): commands
// and tests with their arguments, before any command is known or checked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sieve/diagnostics.hpp"

namespace roost::sieve {

struct AstString {
    std::string value;
    Position pos;
    bool multiline = false;
};

struct AstArgument {
    enum class Kind { Number, String, Strings, Tag };
    Kind kind = Kind::String;
    Position pos;
    std::uint64_t number = 0;
    std::string tag;                 // Tag: the name without ':'
    std::vector<AstString> strings;  // String: exactly one; StringList: any number
};

// A command or a test: `name arguments [test / test-list] (";" / block)`.
struct AstNode {
    std::string name;
    Position pos;
    std::vector<AstArgument> args;
    std::vector<AstNode> tests;  // a single test or the members of a test list
    bool test_list = false;      // the tests were written as "( ... )"
    bool has_block = false;      // commands only: followed by "{ ... }"
    std::vector<AstNode> block;
    Position block_end;  // position of the closing '}'
};

struct AstScript {
    std::vector<AstNode> commands;
};

}  // namespace roost::sieve
