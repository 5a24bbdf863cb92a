// hasflag (RFC 5232 section 4): matches the flags of the internal variable (or of named
// variables) against keys; :count counts the flags.
#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_imap4flags.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class HasflagTest final : public Test {
public:
    HasflagTest(Position pos, MatchSpec spec, std::vector<VarRef> vars, KeyList keys)
        : Test(pos), spec_(spec), vars_(std::move(vars)), keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "hasflag"; }
    Truth evaluate(Runtime& rt) const override
    {
        std::vector<std::string> flags;
        if (vars_.empty()) {
            flags = rt.internal_flags();
        } else {
            for (const VarRef& v : vars_) {
                add_flags(flags, parse_flags(rt.read_variable(v)));
            }
        }
        return match_values(rt, spec_, keys_, flags);
    }

private:
    MatchSpec spec_;
    std::vector<VarRef> vars_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_hasflag(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    // One or two positional arguments: count them, skipping the parameters of tags.
    std::vector<PositionalDef> pos = {{ArgType::Strings, "list-of-flags"}};
    auto probe_count = [&]() {
        std::size_t n = 0;
        for (std::size_t i = 0; i < node.args.size(); ++i) {
            const AstArgument& a = node.args[i];
            if (a.kind == AstArgument::Kind::Tag) {
                const std::string t = to_lower(a.tag);
                if (t == "comparator" || t == "value" || t == "count") {
                    ++i;
                }
                continue;
            }
            ++n;
        }
        return n;
    };
    if (probe_count() == 2) {
        pos.insert(pos.begin(), {ArgType::Strings, "variable-list"});
    }
    auto args = read_args(c, node, tags, pos);
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    if (!spec) {
        return nullptr;
    }
    std::vector<VarRef> vars;
    if (args->positional.size() == 2) {
        if (!c.has("variables")) {
            c.error(args->positional[0]->pos, "a flag variable list needs require \"variables\"");
            return nullptr;
        }
        for (const AstString& s : args->positional[0]->strings) {
            auto v = c.variable_target(s);
            if (!v) {
                return nullptr;
            }
            vars.push_back(std::move(*v));
        }
    }
    auto keys = read_keys(c, *spec, *args->positional.back());
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<HasflagTest>(node.pos, *spec, std::move(vars), std::move(*keys));
}

}  // namespace roost::sieve
