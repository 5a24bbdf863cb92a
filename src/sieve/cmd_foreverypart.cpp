// foreverypart and break (RFC 5703 section 3): run a block once for each MIME part below the
// current one (the whole message at first), depth first; break leaves the innermost loop or
// the one with that :name.
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class ForEveryPartCommand final : public Command {
public:
    ForEveryPartCommand(Position pos, std::string loop_name, Block block)
        : Command(pos), loop_name_(std::move(loop_name)), block_(std::move(block))
    {
    }
    std::string_view name() const override { return "foreverypart"; }
    Flow execute(Runtime& rt) const override
    {
        if (rt.loop_depth() >= rt.limits().max_loop_depth) {
            return rt.fail(pos(), "foreverypart loops nested deeper than " +
                                      std::to_string(rt.limits().max_loop_depth));
        }
        const auto& parts = rt.message().structure().parts;
        const std::uint32_t base = rt.current_part().value_or(0);
        const std::uint32_t end = base + parts[base].subtree;
        // The top-level message itself is not one of its parts unless it is all there is.
        std::uint32_t first = base + 1;
        if (!rt.current_part() && parts[0].subtree == 1) {
            first = 0;
        }
        for (std::uint32_t i = first; i < end && i < parts.size(); ++i) {
            rt.push_part(i);
            const Flow f = run_block(block_, rt);
            rt.pop_part();
            if (f == Flow::Break) {
                if (rt.break_name().empty() || rt.break_name() == loop_name_) {
                    rt.break_name().clear();
                    return Flow::Next;
                }
                return f;
            }
            if (f != Flow::Next) {
                return f;
            }
        }
        return Flow::Next;
    }

private:
    std::string loop_name_;
    Block block_;
};

class BreakCommand final : public Command {
public:
    BreakCommand(Position pos, std::string target) : Command(pos), target_(std::move(target)) {}
    std::string_view name() const override { return "break"; }
    Flow execute(Runtime& rt) const override
    {
        rt.break_name() = target_;
        return Flow::Break;
    }

private:
    std::string target_;
};

std::optional<std::string> read_name(Compiler& c, const Args& args)
{
    const TagValue* t = args.tag("name");
    if (t == nullptr) {
        return std::string();
    }
    auto s = c.string_arg(*t->param);
    if (!s) {
        return std::nullopt;
    }
    if (!s->constant()) {
        c.error(t->param->pos, "the loop :name must be a constant string");
        return std::nullopt;
    }
    return s->literal();
}

}  // namespace

std::unique_ptr<Command> make_foreverypart(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {{"name", ArgType::String}}, {});
    if (!args) {
        return nullptr;
    }
    auto name = read_name(c, *args);
    if (!name) {
        return nullptr;
    }
    for (const std::string& outer : c.loops()) {
        if (!name->empty() && outer == *name) {
            c.error(node.pos, "foreverypart loop name '" + *name +
                                  "' is already used by an "
                                  "enclosing loop");
            return nullptr;
        }
    }
    c.loops().push_back(*name);
    Block block = c.compile_block(node.block);
    c.loops().pop_back();
    return std::make_unique<ForEveryPartCommand>(node.pos, std::move(*name), std::move(block));
}

std::unique_ptr<Command> make_break(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {{"name", ArgType::String}}, {});
    if (!args) {
        return nullptr;
    }
    auto name = read_name(c, *args);
    if (!name) {
        return nullptr;
    }
    if (c.loops().empty()) {
        c.error(node.pos, "break outside of a foreverypart loop");
        return nullptr;
    }
    if (!name->empty()) {
        bool found = false;
        for (const std::string& l : c.loops()) {
            found = found || l == *name;
        }
        if (!found) {
            c.error(node.pos, "break :name \"" + *name + "\" names no enclosing foreverypart loop");
            return nullptr;
        }
    }
    return std::make_unique<BreakCommand>(node.pos, std::move(*name));
}

}  // namespace roost::sieve
