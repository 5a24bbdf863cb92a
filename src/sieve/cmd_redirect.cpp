// redirect (RFC 5228 section 4.2): send the message on to another address; with :copy
// (RFC 3894) the implicit keep stays.
#include "sieve/address_util.hpp"
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class RedirectCommand final : public Command {
public:
    RedirectCommand(Position pos, StringExpr address, bool copy)
        : Command(pos), address_(std::move(address)), copy_(copy)
    {
    }
    std::string_view name() const override { return "redirect"; }
    Flow execute(Runtime& rt) const override
    {
        const std::string text = address_.eval(rt);
        const auto addr = parse_single_address(text);
        if (!addr) {
            return rt.fail(pos(), "redirect: invalid address '" + text + "'");
        }
        RedirectAction a;
        a.address = addr->spec();
        a.copy = copy_;
        a.message = rt.message().snapshot();
        return rt.add_action(std::move(a), pos());
    }

private:
    StringExpr address_;
    bool copy_;
};

}  // namespace

std::unique_ptr<Command> make_redirect(Compiler& c, const AstNode& node)
{
    auto args =
        read_args(c, node, {{"copy", ArgType::None, "copy"}}, {{ArgType::String, "address"}});
    if (!args) {
        return nullptr;
    }
    auto address = c.string_arg(*args->positional[0]);
    if (!address) {
        return nullptr;
    }
    if (address->constant() && !parse_single_address(address->literal())) {
        c.error(address->pos(), "redirect: invalid address '" + address->literal() + "'");
        return nullptr;
    }
    return std::make_unique<RedirectCommand>(node.pos, std::move(*address), args->has("copy"));
}

}  // namespace roost::sieve
