// discard (RFC 5228 section 4.4): cancels the implicit keep and does nothing else.
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class DiscardCommand final : public Command {
public:
    using Command::Command;
    std::string_view name() const override { return "discard"; }
    Flow execute(Runtime& rt) const override { return rt.add_action(DiscardAction{}, pos()); }
};

}  // namespace

std::unique_ptr<Command> make_discard(Compiler& c, const AstNode& node)
{
    if (!read_args(c, node, {}, {})) {
        return nullptr;
    }
    return std::make_unique<DiscardCommand>(node.pos);
}

}  // namespace roost::sieve
