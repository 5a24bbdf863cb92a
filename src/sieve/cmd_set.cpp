// set (RFC 5229 section 4): assigns a value, after its modifiers, to a variable.
#include <algorithm>

#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_variables.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class SetCommand final : public Command {
public:
    SetCommand(Position pos, VarRef target, StringExpr value, std::vector<Modifier> modifiers)
        : Command(pos),
          target_(std::move(target)),
          value_(std::move(value)),
          modifiers_(std::move(modifiers))
    {
    }
    std::string_view name() const override { return "set"; }
    Flow execute(Runtime& rt) const override
    {
        std::string v = value_.eval(rt);
        for (const Modifier m : modifiers_) {
            v = apply_modifier(m, std::move(v));
        }
        rt.write_variable(target_, std::move(v));
        return Flow::Next;
    }

private:
    VarRef target_;
    StringExpr value_;
    std::vector<Modifier> modifiers_;
};

}  // namespace

std::unique_ptr<Command> make_set(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_modifier_tags(tags);
    auto args = read_args(c, node, tags, {{ArgType::String, "name"}, {ArgType::String, "value"}});
    if (!args) {
        return nullptr;
    }
    std::vector<Modifier> modifiers;
    for (const TagValue& t : args->tags) {
        modifiers.push_back(*modifier_from_tag(t.name));
    }
    std::stable_sort(modifiers.begin(), modifiers.end(), [](Modifier a, Modifier b) {
        return modifier_precedence(a) > modifier_precedence(b);
    });
    auto target = c.variable_target(args->positional[0]->strings.front());
    auto value = c.string_arg(*args->positional[1]);
    if (!target || !value) {
        return nullptr;
    }
    return std::make_unique<SetCommand>(node.pos, std::move(*target), std::move(*value),
                                        std::move(modifiers));
}

}  // namespace roost::sieve
