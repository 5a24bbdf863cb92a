// reject and ereject (RFC 5429): refuse the message with a reason, as an MDN-style bounce
// (reject) or at the SMTP level where the host can (ereject). Both cancel the implicit keep
// and conflict with actions that deliver (checked by the ResultBuilder).
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class RejectCommand final : public Command {
public:
    RejectCommand(Position pos, StringExpr reason, bool extended)
        : Command(pos), reason_(std::move(reason)), extended_(extended)
    {
    }
    std::string_view name() const override { return extended_ ? "ereject" : "reject"; }
    Flow execute(Runtime& rt) const override
    {
        // RFC 5429 section 2.1: a reject of a message from the null sender would bounce to
        // nobody; it is still a reject (the host discards it), as in Pigeonhole.
        return rt.add_action(RejectAction{reason_.eval(rt), extended_}, pos());
    }

private:
    StringExpr reason_;
    bool extended_;
};

std::unique_ptr<Command> make(Compiler& c, const AstNode& node, bool extended)
{
    auto args = read_args(c, node, {}, {{ArgType::String, "reason"}});
    if (!args) {
        return nullptr;
    }
    auto reason = c.string_arg(*args->positional[0]);
    if (!reason) {
        return nullptr;
    }
    return std::make_unique<RejectCommand>(node.pos, std::move(*reason), extended);
}

}  // namespace

std::unique_ptr<Command> make_reject(Compiler& c, const AstNode& node)
{
    return make(c, node, false);
}
std::unique_ptr<Command> make_ereject(Compiler& c, const AstNode& node)
{
    return make(c, node, true);
}

}  // namespace roost::sieve
