// envelope (RFC 5228 section 5.4): compares the SMTP envelope's "from" and "to" (and "auth",
// the submitter's identity) with an ADDRESS-PART. The null reverse-path is the empty string
// for every address part.
#include <algorithm>

#include "core/strings.hpp"
#include "sieve/address_util.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

bool is_envelope_part(std::string_view p)
{
    return iequals(p, "from") || iequals(p, "to") || iequals(p, "auth");
}

class EnvelopeTest final : public Test {
public:
    EnvelopeTest(Position pos, MatchSpec spec, AddressPart part, StringList parts, KeyList keys)
        : Test(pos), spec_(spec), part_(part), parts_(std::move(parts)), keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "envelope"; }

    Truth evaluate(Runtime& rt) const override
    {
        const Envelope& env = rt.envelope();
        std::vector<std::string> values;
        for (const std::string& p : eval_list(parts_, rt)) {
            std::string text;
            if (iequals(p, "from")) {
                text = env.from;
            } else if (iequals(p, "to")) {
                text = env.orig_to.empty() ? env.to : env.orig_to;
            } else if (iequals(p, "auth")) {
                if (env.auth.empty()) {
                    continue;
                }
                text = env.auth;
            } else {
                continue;
            }
            if (text.empty() || text == "<>") {
                values.emplace_back();  // the null reverse-path
                continue;
            }
            std::string_view t = trim(text);
            if (t.size() >= 2 && t.front() == '<' && t.back() == '>') {
                t = t.substr(1, t.size() - 2);
            }
            const std::size_t at = t.rfind('@');
            const std::string_view local = at == std::string_view::npos ? t : t.substr(0, at);
            const std::string domain =
                at == std::string_view::npos ? std::string() : std::string(t.substr(at + 1));
            if (auto v =
                    address_part_value(local, domain, part_, rt.settings().recipient_delimiter)) {
                values.push_back(std::move(*v));
            }
        }
        return match_values(rt, spec_, keys_, values);
    }

private:
    MatchSpec spec_;
    AddressPart part_;
    StringList parts_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_envelope(Compiler& c, const AstNode& node)
{
    static const std::vector<TagDef> tags = [] {  // built once, as in make_header()
        std::vector<TagDef> t;
        add_comparator_tags(t);
        add_match_type_tags(t);
        add_address_part_tags(t);
        return t;
    }();
    auto args = read_args(c, node, tags,
                          {{ArgType::Strings, "envelope-part"}, {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto parts = c.string_list(*args->positional[0]);
    if (!spec || !parts) {
        return nullptr;
    }
    bool ok = true;
    for (const StringExpr& p : *parts) {
        if (p.constant() && !is_envelope_part(p.literal())) {
            c.error(p.pos(), "envelope part '" + p.literal() +
                                 "' is not supported (use \"from\", "
                                 "\"to\" or \"auth\")");
            ok = false;
        }
    }
    auto keys = read_keys(c, *spec, *args->positional[1]);
    if (!keys || !ok) {
        return nullptr;
    }
    return std::make_unique<EnvelopeTest>(node.pos, *spec, read_address_part(*args),
                                          std::move(*parts), std::move(*keys));
}

}  // namespace roost::sieve
