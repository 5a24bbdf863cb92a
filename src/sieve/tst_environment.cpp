// environment (RFC 5183): matches an item of the environment the script runs in. The host
// answers items it knows; "name", "version", "phase" and "location" have defaults here.
#include "core/strings.hpp"
#include "roost_build_config.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

std::optional<std::string> default_item(std::string_view name)
{
    if (iequals(name, "name")) {
        return "Roost Sieve";
    }
    if (iequals(name, "version")) {
        return ROOST_VERSION;
    }
    if (iequals(name, "phase")) {
        return "during";
    }
    if (iequals(name, "location")) {
        return "MDA";
    }
    return std::nullopt;
}

class EnvironmentTest final : public Test {
public:
    EnvironmentTest(Position pos, MatchSpec spec, StringExpr item, KeyList keys)
        : Test(pos), spec_(spec), item_(std::move(item)), keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "environment"; }
    Truth evaluate(Runtime& rt) const override
    {
        const std::string item = to_lower(item_.eval(rt));
        std::optional<std::string> value = rt.env().environment_item(item);
        if (!value) {
            value = default_item(item);
        }
        if (!value) {
            // An unknown item never matches, not even :count (RFC 5183 section 4).
            return Truth::False;
        }
        return match_values(rt, spec_, keys_, {*value});
    }

private:
    MatchSpec spec_;
    StringExpr item_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_environment(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    auto args =
        read_args(c, node, tags, {{ArgType::String, "name"}, {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto item = c.string_arg(*args->positional[0]);
    if (!spec || !item) {
        return nullptr;
    }
    auto keys = read_keys(c, *spec, *args->positional[1]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<EnvironmentTest>(node.pos, *spec, std::move(*item), std::move(*keys));
}

}  // namespace roost::sieve
