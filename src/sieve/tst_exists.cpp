// exists (RFC 5228 section 5.5): true when every named header field is present. Takes
// :mime/:anychild (RFC 5703).
#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class ExistsTest final : public Test {
public:
    ExistsTest(Position pos, MimeSpec mime, StringList names)
        : Test(pos), mime_(std::move(mime)), names_(std::move(names))
    {
    }
    std::string_view name() const override { return "exists"; }

    Truth evaluate(Runtime& rt) const override
    {
        const std::vector<std::string> names = eval_list(names_, rt);
        for (const std::uint32_t part : selected_parts(rt, mime_)) {
            bool all = true;
            for (const std::string& name : names) {
                bool found = false;
                for (const Message::Field& f : rt.message().part_header(part)) {
                    if (!f.name.empty() && iequals(f.name, name)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return Truth::True;
            }
        }
        return Truth::False;
    }

private:
    MimeSpec mime_;
    StringList names_;
};

}  // namespace

std::unique_ptr<Test> make_exists(Compiler& c, const AstNode& node)
{
    std::vector<TagDef> tags;
    add_mime_tags(tags, false);
    auto args = read_args(c, node, tags, {{ArgType::Strings, "header-names"}});
    if (!args) {
        return nullptr;
    }
    auto mime = read_mime(c, *args);
    auto names = c.string_list(*args->positional[0]);
    if (!mime || !names) {
        return nullptr;
    }
    return std::make_unique<ExistsTest>(node.pos, std::move(*mime), std::move(*names));
}

}  // namespace roost::sieve
