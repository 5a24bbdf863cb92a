// body (RFC 5173): matches the body as raw bytes (:raw), the decoded content of the MIME
// parts of given types (:content), or the text of the message (:text, the default: every
// text part decoded to UTF-8, HTML reduced to its text).
#include "core/strings.hpp"
#include "mail/html_text.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

enum class Transform { Raw, Content, Text };

// The type a part is treated as: its Content-Type, or the default text/plain
// (message/rfc822 inside multipart/digest, which the parser sets already).
std::pair<std::string, std::string> part_type(const mail::MessagePart& p)
{
    if (p.mime.type.empty()) {
        return {"text", "plain"};
    }
    return {to_lower(p.mime.type), to_lower(p.mime.subtype)};
}

bool type_matches(const std::pair<std::string, std::string>& t, std::string_view want)
{
    if (want.empty()) {
        return true;  // "" names every part
    }
    const std::size_t slash = want.find('/');
    if (slash == std::string_view::npos) {
        return iequals(t.first, want);
    }
    return iequals(t.first, want.substr(0, slash)) && iequals(t.second, want.substr(slash + 1));
}

class BodyTest final : public Test {
public:
    BodyTest(Position pos, MatchSpec spec, Transform transform, StringList types, KeyList keys)
        : Test(pos),
          spec_(spec),
          transform_(transform),
          types_(std::move(types)),
          keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "body"; }

    Truth evaluate(Runtime& rt) const override
    {
        const Message& msg = rt.message();
        std::vector<std::string> values;
        if (transform_ == Transform::Raw) {
            values.emplace_back(msg.body());
            return match_values(rt, spec_, keys_, values);
        }
        const std::vector<std::string> types = eval_list(types_, rt);
        const auto& parts = msg.structure().parts;
        for (std::uint32_t i = 0; i < parts.size(); ++i) {
            const mail::MessagePart& p = parts[i];
            if (!rt.step(1 + p.body.physical / 4096)) {
                return Truth::Error;
            }
            const auto type = part_type(p);
            if (transform_ == Transform::Text) {
                if (p.is(mail::kPartMultipart) || p.is(mail::kPartMessage) ||
                    type.first != "text") {
                    continue;
                }
                std::string text = msg.part_text(i);
                if (type.second == "html") {
                    text = mail::html_to_text(text);
                }
                values.push_back(std::move(text));
                continue;
            }
            bool wanted = false;
            for (const std::string& t : types) {
                wanted = wanted || type_matches(type, t);
            }
            if (!wanted) {
                continue;
            }
            if (p.is(mail::kPartMessage)) {
                // An enclosed message: its header is what the test sees (RFC 5173 5.2).
                const std::uint32_t child = msg.structure().first_child(i);
                if (child != mail::kNoPart) {
                    std::string header;
                    for (const Message::Field& f : msg.part_header(child)) {
                        header += f.raw;
                    }
                    values.push_back(std::move(header));
                }
                continue;
            }
            if (p.is(mail::kPartMultipart)) {
                continue;
            }
            values.push_back(msg.part_text(i));
        }
        return match_values(rt, spec_, keys_, values);
    }

private:
    MatchSpec spec_;
    Transform transform_;
    StringList types_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_body(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    tags.push_back({"raw", ArgType::None, "", kGroupTransform});
    tags.push_back({"content", ArgType::Strings, "", kGroupTransform});
    tags.push_back({"text", ArgType::None, "", kGroupTransform});
    auto args = read_args(c, node, tags, {{ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    if (!spec) {
        return nullptr;
    }
    Transform transform = Transform::Text;
    StringList types;
    if (args->has("raw")) {
        transform = Transform::Raw;
    } else if (const TagValue* t = args->tag("content")) {
        transform = Transform::Content;
        auto list = c.string_list(*t->param);
        if (!list) {
            return nullptr;
        }
        types = std::move(*list);
    }
    auto keys = read_keys(c, *spec, *args->positional[0]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<BodyTest>(node.pos, *spec, transform, std::move(types),
                                      std::move(*keys));
}

}  // namespace roost::sieve
