// fileinto (RFC 5228 section 4.1): store the message in a mailbox. Takes :copy (RFC 3894),
// :create (mailbox, RFC 5490) and :flags (imap4flags, RFC 5232).
#include "mail/utf8.hpp"
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/store_flags.hpp"

namespace roost::sieve {
namespace {

// Why a mailbox name cannot be used, or "" when it can.
std::string mailbox_problem(std::string_view name)
{
    if (name.empty()) {
        return "the mailbox name is empty";
    }
    if (!mail::is_valid_utf8(name)) {
        return "the mailbox name is not valid UTF-8";
    }
    for (const char c : name) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return "the mailbox name contains a control character";
        }
    }
    return {};
}

class FileintoCommand final : public Command {
public:
    FileintoCommand(Position pos, StringExpr mailbox, StoreFlags flags, bool copy, bool create)
        : Command(pos),
          mailbox_(std::move(mailbox)),
          flags_(std::move(flags)),
          copy_(copy),
          create_(create)
    {
    }
    std::string_view name() const override { return "fileinto"; }
    Flow execute(Runtime& rt) const override
    {
        StoreAction a;
        a.mailbox = mailbox_.eval(rt);
        if (const std::string why = mailbox_problem(a.mailbox); !why.empty()) {
            return rt.fail(pos(), "fileinto: " + why);
        }
        a.flags = flags_.eval(rt);
        a.copy = copy_;
        a.create = create_;
        a.message = rt.message().snapshot();
        return rt.add_action(std::move(a), pos());
    }

private:
    StringExpr mailbox_;
    StoreFlags flags_;
    bool copy_;
    bool create_;
};

}  // namespace

std::unique_ptr<Command> make_fileinto(Compiler& c, const AstNode& node)
{
    static const std::vector<TagDef> tags = [] {  // built once, as in make_header()
        std::vector<TagDef> t = {{"copy", ArgType::None, "copy"},
                                 {"create", ArgType::None, "mailbox"}};
        add_store_flag_tags(t);
        return t;
    }();
    auto args = read_args(c, node, tags, {{ArgType::String, "mailbox"}});
    if (!args) {
        return nullptr;
    }
    auto flags = read_store_flags(c, *args);
    auto mailbox = c.string_arg(*args->positional[0]);
    if (!flags || !mailbox) {
        return nullptr;
    }
    if (mailbox->constant()) {
        if (const std::string why = mailbox_problem(mailbox->literal()); !why.empty()) {
            c.error(mailbox->pos(), "fileinto: " + why);
            return nullptr;
        }
    }
    return std::make_unique<FileintoCommand>(node.pos, std::move(*mailbox), std::move(*flags),
                                             args->has("copy"), args->has("create"));
}

}  // namespace roost::sieve
