// mailboxexists (RFC 5490 section 3.1): true when every named mailbox exists, as the host
// says.
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class MailboxExistsTest final : public Test {
public:
    MailboxExistsTest(Position pos, StringList names) : Test(pos), names_(std::move(names)) {}
    std::string_view name() const override { return "mailboxexists"; }
    Truth evaluate(Runtime& rt) const override
    {
        for (const std::string& n : eval_list(names_, rt)) {
            if (!rt.env().mailbox_exists(n)) {
                return Truth::False;
            }
        }
        return Truth::True;
    }

private:
    StringList names_;
};

}  // namespace

std::unique_ptr<Test> make_mailboxexists(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {}, {{ArgType::Strings, "mailbox-names"}});
    if (!args) {
        return nullptr;
    }
    auto names = c.string_list(*args->positional[0]);
    if (!names) {
        return nullptr;
    }
    return std::make_unique<MailboxExistsTest>(node.pos, std::move(*names));
}

}  // namespace roost::sieve
