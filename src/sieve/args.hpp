// Argument checking shared by every command and test: tagged arguments (RFC 5228 section
// 2.6.2) with their parameters and exclusive groups, then positional arguments by type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sieve/ast.hpp"

namespace roost::sieve {

class Compiler;

enum class ArgType { None, Number, String, Strings };

struct TagDef {
    std::string_view name;          // without ':'
    ArgType param = ArgType::None;  // the argument that must follow the tag
    std::string_view capability;    // needed to use the tag ("" = always there)
    int group = 0;                  // tags sharing a nonzero group exclude each other
};

struct PositionalDef {
    ArgType type;
    std::string_view name;  // for messages: "mailbox", "key-list"
};

struct TagValue {
    std::string name;  // lowercase, without ':'
    Position pos;
    const AstArgument* param = nullptr;
};

struct Args {
    std::vector<TagValue> tags;
    std::vector<const AstArgument*> positional;

    const TagValue* tag(std::string_view name) const;
    bool has(std::string_view name) const { return tag(name) != nullptr; }
    // The tag of a group that was given, nullptr if none.
    const TagValue* group(const std::vector<TagDef>& defs, int group) const;
};

// Checks the arguments of a command or test against its signature. Reports every problem
// found (unknown or repeated tags, conflicting tags, missing parameters, wrong positional
// count or types) and returns nullopt if there was any.
std::optional<Args> read_args(Compiler& c, const AstNode& node, const std::vector<TagDef>& tags,
                              const std::vector<PositionalDef>& positional);

std::string_view arg_type_name(ArgType type);

}  // namespace roost::sieve
