// Compiler: validates a parsed script (RFC 5228 section 3 and every extension's rules) and
// builds its compiled form. Commands and tests compile themselves through the table in
// commands.cpp; this class holds what they share: the required capabilities, the variable
// scope, string compilation, includes and the loop stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sieve/ast.hpp"
#include "sieve/diagnostics.hpp"
#include "sieve/environment.hpp"
#include "sieve/program.hpp"
#include "sieve/settings.hpp"
#include "sieve/string_expr.hpp"

namespace roost::sieve {

class Compiler {
public:
    // Compiles into `script`; included scripts go into `program` and are read through
    // `loader` (nullptr: every include is missing).
    Compiler(const Settings& settings, Diagnostics& diags, Program& program, Environment* loader,
             CompiledScript& script, std::size_t include_depth);

    void compile(const AstScript& ast);

    const Settings& settings() const { return settings_; }
    const Limits& limits() const { return settings_.limits; }
    Diagnostics& diags() { return diags_; }
    void error(Position pos, std::string message) { diags_.error(pos, std::move(message)); }
    void warning(Position pos, std::string message) { diags_.warning(pos, std::move(message)); }

    // True when the script required the capability (or an enclosing ihave made it available).
    bool has(std::string_view capability) const;
    // True when the host offers the capability.
    bool enabled(std::string_view capability) const;
    // "the fileinto command", "the header test".
    std::string node_label(const AstNode& node) const;

    Block compile_block(std::span<const AstNode> nodes);
    std::unique_ptr<Test> compile_test(const AstNode& node);

    // Compiles a string: encoded characters decoded, variable references resolved.
    std::optional<StringExpr> string(const AstString& s);
    std::optional<StringExpr> string_arg(const AstArgument& a);
    std::optional<StringList> string_list(const AstArgument& a);
    // A variable a command assigns: a constant, valid name that is not a match variable.
    std::optional<VarRef> variable_target(const AstString& s);
    // Declares names as global variables (RFC 6609 section 3.3).
    void declare_global(const AstString& s);

    // Compiles an included script (once per program); nullptr when it is missing and
    // optional or on error (reported).
    const CompiledScript* include(ScriptLocation location, const std::string& name, bool optional,
                                  Position pos);

    // foreverypart loop names (RFC 5703), innermost last; "" for an unnamed loop.
    std::vector<std::string>& loops() { return loops_; }

    // ihave (RFC 5463): capabilities made available inside a block.
    void push_available(std::set<std::string> caps)
    {
        available_.push_back(std::move(caps));
        ++caps_version_;
    }
    void pop_available()
    {
        available_.pop_back();
        ++caps_version_;
    }

private:
    void compile_require(const AstNode& node);
    std::optional<VarRef> resolve_variable(std::string_view name, Position pos);

    const Settings& settings_;
    std::set<std::string, std::less<>> enabled_;  // std::less<>: looked up by string_view
    Diagnostics& diags_;
    Program& program_;
    Environment* loader_;
    CompiledScript& script_;
    std::size_t include_depth_;
    std::set<std::string, std::less<>> required_;
    std::vector<std::set<std::string>> available_;
    // Changes with required_ or available_: string() asks has() again only then (it was asked
    // twice for every string of a script).
    std::uint64_t caps_version_ = 1;
    std::uint64_t string_caps_version_ = 0;
    bool string_encoded_ = false;
    bool string_variables_ = false;
    std::map<std::string, std::size_t> locals_;
    std::set<std::string> globals_;
    std::vector<std::string> loops_;
};

}  // namespace roost::sieve
