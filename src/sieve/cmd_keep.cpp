// keep (RFC 5228 section 4.3): store the message in the default mailbox; with imap4flags it
// takes :flags (RFC 5232).
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/store_flags.hpp"

namespace roost::sieve {
namespace {

class KeepCommand final : public Command {
public:
    KeepCommand(Position pos, StoreFlags flags) : Command(pos), flags_(std::move(flags)) {}
    std::string_view name() const override { return "keep"; }
    Flow execute(Runtime& rt) const override
    {
        StoreAction a;
        a.mailbox = rt.settings().default_mailbox;
        a.flags = flags_.eval(rt);
        a.keep = true;
        a.message = rt.message().snapshot();
        return rt.add_action(std::move(a), pos());
    }

private:
    StoreFlags flags_;
};

}  // namespace

std::unique_ptr<Command> make_keep(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_store_flag_tags(tags);
    auto args = read_args(c, node, tags, {});
    if (!args) {
        return nullptr;
    }
    auto flags = read_store_flags(c, *args);
    if (!flags) {
        return nullptr;
    }
    return std::make_unique<KeepCommand>(node.pos, std::move(*flags));
}

}  // namespace roost::sieve
