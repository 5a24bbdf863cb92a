// Signature checking of command and test arguments.
#include "sieve/args.hpp"

#include "core/strings.hpp"
#include "sieve/compiler.hpp"

namespace roost::sieve {
namespace {

std::string_view found_name(const AstArgument& a)
{
    switch (a.kind) {
        case AstArgument::Kind::Number:
            return "a number";
        case AstArgument::Kind::String:
            return "a string";
        case AstArgument::Kind::Strings:
            return "a string list";
        case AstArgument::Kind::Tag:
            return "a tagged argument";
    }
    return "an argument";
}

bool fits(ArgType type, const AstArgument& a)
{
    switch (type) {
        case ArgType::None:
            return false;
        case ArgType::Number:
            return a.kind == AstArgument::Kind::Number;
        case ArgType::String:
            return a.kind == AstArgument::Kind::String;
        case ArgType::Strings:
            return a.kind == AstArgument::Kind::String || a.kind == AstArgument::Kind::Strings;
    }
    return false;
}

}  // namespace

std::string_view arg_type_name(ArgType type)
{
    switch (type) {
        case ArgType::None:
            return "nothing";
        case ArgType::Number:
            return "a number";
        case ArgType::String:
            return "a string";
        case ArgType::Strings:
            return "a string list";
    }
    return "an argument";
}

const TagValue* Args::tag(std::string_view name) const
{
    for (const TagValue& t : tags) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

const TagValue* Args::group(const std::vector<TagDef>& defs, int g) const
{
    for (const TagValue& t : tags) {
        for (const TagDef& d : defs) {
            if (d.group == g && d.name == t.name) {
                return &t;
            }
        }
    }
    return nullptr;
}

std::optional<Args> read_args(Compiler& c, const AstNode& node, const std::vector<TagDef>& tags,
                              const std::vector<PositionalDef>& positional)
{
    Args out;
    bool ok = true;
    // Only error messages name the node: building the label for every command was 8% of
    // compiling a long script.
    const auto what = [&c, &node] { return c.node_label(node); };
    const auto& args = node.args;
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const AstArgument& a = args[i];
        if (a.kind != AstArgument::Kind::Tag) {
            break;
        }
        const std::string name = to_lower(a.tag);
        const TagDef* def = nullptr;
        for (const TagDef& d : tags) {
            if (d.name == name && (d.capability.empty() || c.has(d.capability))) {
                def = &d;
                break;
            }
        }
        if (def == nullptr) {
            std::string msg = "unknown tagged argument ':" + a.tag + "' for " + what();
            for (const TagDef& d : tags) {
                if (d.name == name) {
                    msg += " (it needs require \"" + std::string(d.capability) + "\")";
                    break;
                }
            }
            c.error(a.pos, msg);
            ok = false;
            // Skip what is probably its parameter, so it is not reported as well.
            if (i + 1 < args.size() && args[i + 1].kind != AstArgument::Kind::Tag &&
                i + 1 + positional.size() < args.size()) {
                ++i;
            }
            continue;
        }
        if (out.has(name)) {
            c.error(a.pos, "tagged argument ':" + name + "' is given more than once for " + what());
            ok = false;
        } else if (def->group != 0) {
            if (const TagValue* other = out.group(tags, def->group)) {
                c.error(a.pos, "tagged arguments ':" + other->name + "' and ':" + name +
                                   "' cannot be combined in " + what());
                ok = false;
            }
        }
        TagValue v{name, a.pos, nullptr};
        if (def->param != ArgType::None) {
            if (i + 1 >= args.size() || !fits(def->param, args[i + 1])) {
                c.error(a.pos, "tagged argument ':" + name + "' of " + what() + " needs " +
                                   std::string(arg_type_name(def->param)) + " after it");
                ok = false;
                if (i + 1 < args.size() && args[i + 1].kind != AstArgument::Kind::Tag &&
                    i + 1 + positional.size() < args.size()) {
                    ++i;
                }
                continue;
            }
            v.param = &args[++i];
        }
        out.tags.push_back(std::move(v));
    }
    for (; i < args.size(); ++i) {
        const AstArgument& a = args[i];
        if (a.kind == AstArgument::Kind::Tag) {
            c.error(a.pos, "tagged argument ':" + a.tag +
                               "' must come before the positional "
                               "arguments of " +
                               what());
            ok = false;
            continue;
        }
        out.positional.push_back(&a);
    }
    if (!ok) {
        return std::nullopt;
    }
    if (out.positional.size() != positional.size()) {
        std::string expected;
        for (const PositionalDef& p : positional) {
            expected += expected.empty() ? "" : ", ";
            expected += p.name;
        }
        const Position pos = out.positional.size() > positional.size()
                                 ? out.positional[positional.size()]->pos
                                 : node.pos;
        c.error(pos, what() + " takes " + std::to_string(positional.size()) + " positional argument" +
                         (positional.size() == 1 ? "" : "s") +
                         (expected.empty() ? "" : " (" + expected + ")") + " but " +
                         std::to_string(out.positional.size()) + " were given");
        return std::nullopt;
    }
    for (std::size_t k = 0; k < positional.size(); ++k) {
        if (!fits(positional[k].type, *out.positional[k])) {
            c.error(out.positional[k]->pos,
                    what() + " expects " + std::string(arg_type_name(positional[k].type)) + " as " +
                        std::string(positional[k].name) + " but found " +
                        std::string(found_name(*out.positional[k])));
            ok = false;
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

}  // namespace roost::sieve
