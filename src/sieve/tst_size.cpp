// size (RFC 5228 section 5.9): ":over" / ":under" a number of octets, strictly.
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class SizeTest final : public Test {
public:
    SizeTest(Position pos, bool over, std::uint64_t limit) : Test(pos), over_(over), limit_(limit)
    {
    }
    std::string_view name() const override { return "size"; }
    Truth evaluate(Runtime& rt) const override
    {
        const std::uint64_t size = rt.message().size();
        return truth(over_ ? size > limit_ : size < limit_);
    }

private:
    bool over_;
    std::uint64_t limit_;
};

}  // namespace

std::unique_ptr<Test> make_size(Compiler& c, const AstNode& node)
{
    const std::vector<TagDef> tags = {{"over", ArgType::None, "", kGroupSize},
                                      {"under", ArgType::None, "", kGroupSize}};
    auto args = read_args(c, node, tags, {{ArgType::Number, "limit"}});
    if (!args) {
        return nullptr;
    }
    if (!args->has("over") && !args->has("under")) {
        c.error(node.pos, "the size test needs :over or :under");
        return nullptr;
    }
    return std::make_unique<SizeTest>(node.pos, args->has("over"), args->positional[0]->number);
}

}  // namespace roost::sieve
