// string (RFC 5229 section 5): matches strings, typically holding variables, against keys.
// With :count, only the non-empty source strings count.
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class StringTest final : public Test {
public:
    StringTest(Position pos, MatchSpec spec, StringList source, KeyList keys)
        : Test(pos), spec_(spec), source_(std::move(source)), keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "string"; }
    Truth evaluate(Runtime& rt) const override
    {
        std::vector<std::string> values = eval_list(source_, rt);
        if (spec_.kind == MatchKind::Count) {
            std::erase_if(values, [](const std::string& s) { return s.empty(); });
        }
        return match_values(rt, spec_, keys_, values);
    }

private:
    MatchSpec spec_;
    StringList source_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_string(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    auto args =
        read_args(c, node, tags, {{ArgType::Strings, "source"}, {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto source = c.string_list(*args->positional[0]);
    if (!spec || !source) {
        return nullptr;
    }
    auto keys = read_keys(c, *spec, *args->positional[1]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<StringTest>(node.pos, *spec, std::move(*source), std::move(*keys));
}

}  // namespace roost::sieve
