// if / elsif / else (RFC 5228 section 3.1), with ihave (RFC 5463) making capabilities
// available inside the block its test guards.
#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/tst_ihave.hpp"

namespace roost::sieve {
namespace {

class IfCommand final : public Command {
public:
    struct Branch {
        std::unique_ptr<Test> test;  // null for else
        Block block;
    };

    explicit IfCommand(Position pos) : Command(pos) {}
    std::vector<Branch> branches;

    std::string_view name() const override { return "if"; }
    Flow execute(Runtime& rt) const override
    {
        for (const Branch& b : branches) {
            if (b.test) {
                const Truth t = run_test(*b.test, rt);
                if (t == Truth::Error) {
                    return Flow::Error;
                }
                if (t == Truth::False) {
                    continue;
                }
            }
            return run_block(b.block, rt);
        }
        return Flow::Next;
    }
};

// Compiles one branch; false on an error already reported.
bool compile_branch(Compiler& c, const AstNode& node, IfCommand::Branch& out, bool with_test)
{
    const std::string name = to_lower(node.name);
    bool ok = true;
    if (!node.args.empty()) {
        c.error(node.args.front().pos, "'" + name + "' takes no arguments besides its test");
        ok = false;
    }
    if (with_test) {
        if (node.tests.size() != 1 || node.test_list) {
            c.error(node.pos, "'" + name + "' needs exactly one test");
            ok = false;
        } else {
            out.test = c.compile_test(node.tests.front());
            ok = ok && out.test != nullptr;
        }
    } else if (!node.tests.empty()) {
        c.error(node.tests.front().pos, "'else' takes no test");
        ok = false;
    }
    if (!node.has_block) {
        c.error(node.pos, "'" + name + "' needs a block");
        return false;
    }
    // ihave: a block guarded by capabilities the host lacks is never run and never checked
    // (RFC 5463 section 4); with capabilities it has, the block may use them unrequired.
    std::optional<std::set<std::string>> caps;
    if (with_test && node.tests.size() == 1 && c.has("ihave")) {
        caps = ihave_capabilities(node.tests.front());
    }
    if (caps) {
        bool all = true;
        for (const std::string& cap : *caps) {
            all = all && c.enabled(cap);
        }
        if (!all) {
            return ok;
        }
        c.push_available(*caps);
        out.block = c.compile_block(node.block);
        c.pop_available();
        return ok;
    }
    out.block = c.compile_block(node.block);
    return ok;
}

}  // namespace

std::unique_ptr<Command> compile_if_chain(Compiler& c, std::span<const AstNode> nodes,
                                          std::size_t& i)
{
    auto cmd = std::make_unique<IfCommand>(nodes[i].pos);
    bool ok = true;
    IfCommand::Branch first;
    ok = compile_branch(c, nodes[i], first, true) && ok;
    cmd->branches.push_back(std::move(first));
    while (i + 1 < nodes.size()) {
        const std::string next = to_lower(nodes[i + 1].name);
        if (next != "elsif" && next != "else") {
            break;
        }
        ++i;
        IfCommand::Branch b;
        ok = compile_branch(c, nodes[i], b, next == "elsif") && ok;
        cmd->branches.push_back(std::move(b));
        if (next == "else") {
            break;
        }
    }
    if (!ok) {
        return nullptr;
    }
    return cmd;
}

}  // namespace roost::sieve
