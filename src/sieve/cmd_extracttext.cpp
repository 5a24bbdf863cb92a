// extracttext (RFC 5703 section 7): stores the decoded text of the current MIME part (inside
// foreverypart) in a variable, optionally only its first characters and with set's modifiers.
#include <algorithm>

#include "core/strings.hpp"
#include "mail/html_text.hpp"
#include "mail/utf8.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_variables.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class ExtractTextCommand final : public Command {
public:
    ExtractTextCommand(Position pos, VarRef target, std::optional<std::uint64_t> first,
                       std::vector<Modifier> modifiers)
        : Command(pos), target_(std::move(target)), first_(first), modifiers_(std::move(modifiers))
    {
    }
    std::string_view name() const override { return "extracttext"; }
    Flow execute(Runtime& rt) const override
    {
        const auto part = rt.current_part();
        if (!part) {
            return rt.fail(pos(), "extracttext used outside of foreverypart");
        }
        const mail::MessagePart& p = rt.message().structure().parts[*part];
        std::string text;
        const bool is_text = p.mime.type.empty() || iequals(p.mime.type, "text");
        if (is_text && !p.is(mail::kPartMultipart) && !p.is(mail::kPartMessage)) {
            text = rt.message().part_text(*part);
            if (iequals(p.mime.subtype, "html")) {
                text = mail::html_to_text(text);
            }
        }
        if (first_) {
            // :first counts characters, not bytes.
            std::size_t i = 0;
            std::uint64_t n = 0;
            while (i < text.size() && n < *first_) {
                mail::utf8_next(text, i);
                ++n;
            }
            text.resize(i);
        }
        for (const Modifier m : modifiers_) {
            text = apply_modifier(m, std::move(text));
        }
        rt.write_variable(target_, std::move(text));
        return Flow::Next;
    }

private:
    VarRef target_;
    std::optional<std::uint64_t> first_;
    std::vector<Modifier> modifiers_;
};

}  // namespace

std::unique_ptr<Command> make_extracttext(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_modifier_tags(tags);
    tags.push_back({"first", ArgType::Number});
    auto args = read_args(c, node, tags, {{ArgType::String, "varname"}});
    if (!args) {
        return nullptr;
    }
    if (!c.has("variables")) {
        c.error(node.pos, "extracttext needs require \"variables\"");
        return nullptr;
    }
    if (c.loops().empty()) {
        c.error(node.pos, "extracttext can only be used inside foreverypart");
        return nullptr;
    }
    std::vector<Modifier> modifiers;
    for (const TagValue& t : args->tags) {
        if (auto m = modifier_from_tag(t.name)) {
            modifiers.push_back(*m);
        }
    }
    std::stable_sort(modifiers.begin(), modifiers.end(), [](Modifier a, Modifier b) {
        return modifier_precedence(a) > modifier_precedence(b);
    });
    auto target = c.variable_target(args->positional[0]->strings.front());
    if (!target) {
        return nullptr;
    }
    std::optional<std::uint64_t> first;
    if (const TagValue* t = args->tag("first")) {
        first = t->param->number;
    }
    return std::make_unique<ExtractTextCommand>(node.pos, std::move(*target), first,
                                                std::move(modifiers));
}

}  // namespace roost::sieve
