// deleteheader (RFC 5293 section 5): removes the fields of a name, all of them, those whose
// value matches a pattern, or the one :index selects. Received and Auto-Submitted are never
// removed (a warning is logged instead, as Pigeonhole does).
#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_editheader.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class DeleteHeaderCommand final : public Command {
public:
    DeleteHeaderCommand(Position pos, MatchSpec spec, IndexSpec index, StringExpr field,
                        std::optional<KeyList> patterns)
        : Command(pos),
          spec_(spec),
          index_(index),
          field_(std::move(field)),
          patterns_(std::move(patterns))
    {
    }
    std::string_view name() const override { return "deleteheader"; }
    Flow execute(Runtime& rt) const override
    {
        const std::string field = field_.eval(rt);
        if (!is_field_name(field)) {
            return rt.fail(pos(), "deleteheader: invalid field name '" + field + "'");
        }
        if (delete_protected(rt.settings(), field)) {
            rt.warn(pos(), "deleteheader: deleting field '" + field + "' is not allowed; ignored");
            return Flow::Next;
        }
        Message& msg = rt.message();
        std::size_t count = 0;
        for (const Message::Field& f : msg.header()) {
            count += !f.name.empty() && iequals(f.name, field) ? 1 : 0;
        }
        std::vector<std::size_t> doomed;
        std::size_t occurrence = 0;
        for (std::size_t i = 0; i < msg.header().size(); ++i) {
            const Message::Field& f = msg.header()[i];
            if (f.name.empty() || !iequals(f.name, field)) {
                continue;
            }
            const std::size_t pos_here = occurrence++;
            if (!index_selects(index_, pos_here, count)) {
                continue;
            }
            if (patterns_) {
                const Truth t = match_values(rt, spec_, *patterns_, {decode_header_value(f.value)});
                if (t == Truth::Error) {
                    return Flow::Error;
                }
                if (t == Truth::False) {
                    continue;
                }
            }
            doomed.push_back(i);
        }
        for (auto it = doomed.rbegin(); it != doomed.rend(); ++it) {
            msg.delete_field(*it);
        }
        if (!doomed.empty()) {
            rt.trace(
                TraceLevel::Actions, pos(),
                "deleteheader \"" + field + "\" (" + std::to_string(doomed.size()) + " removed)");
        }
        return Flow::Next;
    }

private:
    MatchSpec spec_;
    IndexSpec index_;
    StringExpr field_;
    std::optional<KeyList> patterns_;
};

}  // namespace

std::unique_ptr<Command> make_deleteheader(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    // :index is part of editheader itself (RFC 5293 section 5), not of the index extension.
    tags.push_back({"index", ArgType::Number});
    tags.push_back({"last", ArgType::None});
    std::size_t positional = 0;
    for (std::size_t i = 0; i < node.args.size(); ++i) {
        const AstArgument& a = node.args[i];
        if (a.kind == AstArgument::Kind::Tag) {
            const std::string t = to_lower(a.tag);
            if (t == "comparator" || t == "value" || t == "count" || t == "index") {
                ++i;
            }
            continue;
        }
        ++positional;
    }
    std::vector<PositionalDef> pos = {{ArgType::String, "field-name"}};
    if (positional >= 2) {
        pos.push_back({ArgType::Strings, "value-patterns"});
    }
    auto args = read_args(c, node, tags, pos);
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto index = read_index(c, *args);
    auto field = c.string_arg(*args->positional[0]);
    if (!spec || !index || !field) {
        return nullptr;
    }
    if (field->constant()) {
        if (!is_field_name(field->literal())) {
            c.error(field->pos(), "deleteheader: invalid field name '" + field->literal() + "'");
            return nullptr;
        }
        if (delete_protected(c.settings(), field->literal())) {
            c.warning(field->pos(), "deleteheader: field '" + field->literal() +
                                        "' may not be deleted; the command will be ignored");
        }
    }
    std::optional<KeyList> patterns;
    if (args->positional.size() == 2) {
        patterns = read_keys(c, *spec, *args->positional[1]);
        if (!patterns) {
            return nullptr;
        }
    } else if (args->group(tags, kGroupMatchType) != nullptr || args->has("comparator")) {
        c.error(node.pos, "deleteheader: a comparator or match type needs value patterns");
        return nullptr;
    }
    return std::make_unique<DeleteHeaderCommand>(node.pos, *spec, *index, std::move(*field),
                                                 std::move(patterns));
}

}  // namespace roost::sieve
