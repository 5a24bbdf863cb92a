// stop (RFC 5228 section 3.3): ends all processing; the implicit keep still applies.
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"

namespace roost::sieve {
namespace {

class StopCommand final : public Command {
public:
    using Command::Command;
    std::string_view name() const override { return "stop"; }
    Flow execute(Runtime&) const override { return Flow::Stop; }
};

}  // namespace

std::unique_ptr<Command> make_stop(Compiler& c, const AstNode& node)
{
    if (!read_args(c, node, {}, {})) {
        return nullptr;
    }
    return std::make_unique<StopCommand>(node.pos);
}

}  // namespace roost::sieve
