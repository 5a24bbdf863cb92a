// include, return and global (RFC 6609): run another script (personal or global) within this
// run, sharing the action list and the variables declared global.
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class IncludeCommand final : public Command {
public:
    IncludeCommand(Position pos, const CompiledScript* script, bool once)
        : Command(pos), script_(script), once_(once)
    {
    }
    std::string_view name() const override { return "include"; }
    Flow execute(Runtime& rt) const override
    {
        if (script_ == nullptr) {
            return Flow::Next;  // a missing :optional script
        }
        return rt.include(*script_, once_, pos());
    }

private:
    const CompiledScript* script_;
    bool once_;
};

class ReturnCommand final : public Command {
public:
    using Command::Command;
    std::string_view name() const override { return "return"; }
    Flow execute(Runtime&) const override { return Flow::Return; }
};

class NoopCommand final : public Command {
public:
    using Command::Command;
    std::string_view name() const override { return "global"; }
    Flow execute(Runtime&) const override { return Flow::Next; }
};

}  // namespace

std::unique_ptr<Command> make_include(Compiler& c, const AstNode& node)
{
    const std::vector<TagDef> tags = {{"personal", ArgType::None, "", kGroupLocation},
                                      {"global", ArgType::None, "", kGroupLocation},
                                      {"once", ArgType::None},
                                      {"optional", ArgType::None}};
    auto args = read_args(c, node, tags, {{ArgType::String, "script-name"}});
    if (!args) {
        return nullptr;
    }
    auto name = c.string_arg(*args->positional[0]);
    if (!name) {
        return nullptr;
    }
    if (!name->constant()) {
        c.error(name->pos(), "the script name of include must be a constant string");
        return nullptr;
    }
    const ScriptLocation loc =
        args->has("global") ? ScriptLocation::Global : ScriptLocation::Personal;
    const bool optional = args->has("optional");
    const std::size_t errors = c.diags().error_count();
    const CompiledScript* script = c.include(loc, name->literal(), optional, name->pos());
    if (c.diags().error_count() != errors) {
        return nullptr;
    }
    return std::make_unique<IncludeCommand>(node.pos, script, args->has("once"));
}

std::unique_ptr<Command> make_return(Compiler& c, const AstNode& node)
{
    if (!read_args(c, node, {}, {})) {
        return nullptr;
    }
    return std::make_unique<ReturnCommand>(node.pos);
}

std::unique_ptr<Command> make_global(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {}, {{ArgType::Strings, "variable-names"}});
    if (!args) {
        return nullptr;
    }
    if (!c.has("variables")) {
        c.error(node.pos, "the global command needs require \"variables\"");
        return nullptr;
    }
    const std::size_t errors = c.diags().error_count();
    for (const AstString& s : args->positional[0]->strings) {
        c.declare_global(s);
    }
    if (c.diags().error_count() != errors) {
        return nullptr;
    }
    return std::make_unique<NoopCommand>(node.pos);
}

}  // namespace roost::sieve
