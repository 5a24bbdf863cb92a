// valid_notify_method and notify_method_capability (RFC 5435 sections 4 and 5), for the one
// method Roost has, mailto.
#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_mailto.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class ValidNotifyMethodTest final : public Test {
public:
    ValidNotifyMethodTest(Position pos, StringList uris) : Test(pos), uris_(std::move(uris)) {}
    std::string_view name() const override { return "valid_notify_method"; }
    Truth evaluate(Runtime& rt) const override
    {
        for (const std::string& uri : eval_list(uris_, rt)) {
            if (!parse_mailto(uri)) {
                return Truth::False;
            }
        }
        return Truth::True;
    }

private:
    StringList uris_;
};

class NotifyMethodCapabilityTest final : public Test {
public:
    NotifyMethodCapabilityTest(Position pos, MatchSpec spec, StringExpr uri, StringExpr capability,
                               KeyList keys)
        : Test(pos),
          spec_(spec),
          uri_(std::move(uri)),
          capability_(std::move(capability)),
          keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "notify_method_capability"; }
    Truth evaluate(Runtime& rt) const override
    {
        if (!parse_mailto(uri_.eval(rt))) {
            return Truth::False;
        }
        // Whether the recipient will see it soon is unknowable for mail: "maybe".
        if (!iequals(capability_.eval(rt), "online")) {
            return Truth::False;
        }
        return match_values(rt, spec_, keys_, {"maybe"});
    }

private:
    MatchSpec spec_;
    StringExpr uri_;
    StringExpr capability_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_valid_notify_method(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {}, {{ArgType::Strings, "notification-uris"}});
    if (!args) {
        return nullptr;
    }
    auto uris = c.string_list(*args->positional[0]);
    if (!uris) {
        return nullptr;
    }
    return std::make_unique<ValidNotifyMethodTest>(node.pos, std::move(*uris));
}

std::unique_ptr<Test> make_notify_method_capability(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    auto args = read_args(c, node, tags,
                          {{ArgType::String, "notification-uri"},
                           {ArgType::String, "notification-capability"},
                           {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto uri = c.string_arg(*args->positional[0]);
    auto cap = c.string_arg(*args->positional[1]);
    if (!spec || !uri || !cap) {
        return nullptr;
    }
    auto keys = read_keys(c, *spec, *args->positional[2]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<NotifyMethodCapabilityTest>(node.pos, *spec, std::move(*uri),
                                                        std::move(*cap), std::move(*keys));
}

}  // namespace roost::sieve
