// setflag, addflag, removeflag (RFC 5232 section 3): change the internal flags variable, or a
// named variable holding a flag list (with the variables extension).
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_imap4flags.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

enum class FlagOp { Set, Add, Remove };

class FlagCommand final : public Command {
public:
    FlagCommand(Position pos, FlagOp op, std::optional<VarRef> var, StringList flags)
        : Command(pos), op_(op), var_(std::move(var)), flags_(std::move(flags))
    {
    }
    std::string_view name() const override
    {
        return op_ == FlagOp::Set ? "setflag" : (op_ == FlagOp::Add ? "addflag" : "removeflag");
    }
    Flow execute(Runtime& rt) const override
    {
        const std::vector<std::string> flags = parse_flags(eval_list(flags_, rt));
        std::vector<std::string> current =
            var_ ? parse_flags(rt.read_variable(*var_)) : rt.internal_flags();
        switch (op_) {
            case FlagOp::Set:
                current = flags;
                break;
            case FlagOp::Add:
                add_flags(current, flags);
                break;
            case FlagOp::Remove:
                remove_flags(current, flags);
                break;
        }
        if (var_) {
            rt.write_variable(*var_, join_flags(current));
        } else {
            rt.internal_flags() = std::move(current);
        }
        return Flow::Next;
    }

private:
    FlagOp op_;
    std::optional<VarRef> var_;
    StringList flags_;
};

std::unique_ptr<Command> make(Compiler& c, const AstNode& node, FlagOp op)
{
    const bool with_var = node.args.size() == 2;
    std::vector<PositionalDef> pos;
    if (with_var) {
        pos.push_back({ArgType::String, "variable-name"});
    }
    pos.push_back({ArgType::Strings, "list-of-flags"});
    auto args = read_args(c, node, {}, pos);
    if (!args) {
        return nullptr;
    }
    std::optional<VarRef> var;
    if (with_var) {
        if (!c.has("variables")) {
            c.error(args->positional[0]->pos, "a flag variable name needs require \"variables\"");
            return nullptr;
        }
        var = c.variable_target(args->positional[0]->strings.front());
        if (!var) {
            return nullptr;
        }
    }
    auto flags = c.string_list(*args->positional.back());
    if (!flags) {
        return nullptr;
    }
    return std::make_unique<FlagCommand>(node.pos, op, std::move(var), std::move(*flags));
}

}  // namespace

std::unique_ptr<Command> make_setflag(Compiler& c, const AstNode& n)
{
    return make(c, n, FlagOp::Set);
}
std::unique_ptr<Command> make_addflag(Compiler& c, const AstNode& n)
{
    return make(c, n, FlagOp::Add);
}
std::unique_ptr<Command> make_removeflag(Compiler& c, const AstNode& n)
{
    return make(c, n, FlagOp::Remove);
}

}  // namespace roost::sieve
