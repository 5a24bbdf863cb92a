// ihave (RFC 5463): true when the host supports every listed capability. The run-time answer
// is fixed at compile time, since the host's capabilities cannot change during a run.
#include "sieve/tst_ihave.hpp"

#include "core/strings.hpp"
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class IhaveTest final : public Test {
public:
    IhaveTest(Position pos, bool result) : Test(pos), result_(result) {}
    std::string_view name() const override { return "ihave"; }
    Truth evaluate(Runtime&) const override { return truth(result_); }

private:
    bool result_;
};

void collect(const AstNode& test, std::set<std::string>& out, bool& found)
{
    const std::string name = to_lower(test.name);
    if (name == "ihave") {
        for (const AstArgument& a : test.args) {
            for (const AstString& s : a.strings) {
                if (s.value.find("${") != std::string::npos) {
                    return;
                }
                out.insert(to_lower(s.value));
            }
        }
        found = true;
    } else if (name == "allof") {
        for (const AstNode& t : test.tests) {
            collect(t, out, found);
        }
    }
}

}  // namespace

std::optional<std::set<std::string>> ihave_capabilities(const AstNode& test)
{
    std::set<std::string> caps;
    bool found = false;
    collect(test, caps, found);
    if (!found) {
        return std::nullopt;
    }
    return caps;
}

std::unique_ptr<Test> make_ihave(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {}, {{ArgType::Strings, "capabilities"}});
    if (!args) {
        return nullptr;
    }
    bool all = true;
    for (const AstString& s : args->positional[0]->strings) {
        auto str = c.string(s);
        if (!str) {
            return nullptr;
        }
        if (!str->constant()) {
            c.error(s.pos, "the capabilities of ihave must be constant strings");
            return nullptr;
        }
        all = all && c.enabled(to_lower(str->literal()));
    }
    return std::make_unique<IhaveTest>(node.pos, all);
}

}  // namespace roost::sieve
