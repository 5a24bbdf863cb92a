// error (RFC 5463 section 5): ends the run with a run-time error carrying the message; the
// message is kept in INBOX as for any run-time error.
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class ErrorCommand final : public Command {
public:
    ErrorCommand(Position pos, StringExpr message) : Command(pos), message_(std::move(message)) {}
    std::string_view name() const override { return "error"; }
    Flow execute(Runtime& rt) const override
    {
        return rt.fail(pos(), "error command: " + message_.eval(rt));
    }

private:
    StringExpr message_;
};

}  // namespace

std::unique_ptr<Command> make_error(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {}, {{ArgType::String, "message"}});
    if (!args) {
        return nullptr;
    }
    auto message = c.string_arg(*args->positional[0]);
    if (!message) {
        return nullptr;
    }
    return std::make_unique<ErrorCommand>(node.pos, std::move(*message));
}

}  // namespace roost::sieve
