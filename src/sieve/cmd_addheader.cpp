// addheader (RFC 5293 section 4): adds a field at the top of the header (or the bottom with
// :last). Non-ASCII values are encoded as RFC 2047 words; line breaks in values are removed.
#include "mail/encoded_words.hpp"
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_editheader.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

std::string clean_value(std::string_view v)
{
    std::string out;
    bool ascii = true;
    for (const char c : v) {
        if (c == '\r' || c == '\n') {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
            continue;
        }
        if (c == '\0') {
            continue;
        }
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        out += c;
    }
    if (!ascii) {
        return mail::encode_header_text(out, "utf-8", 'Q');
    }
    return out;
}

class AddHeaderCommand final : public Command {
public:
    AddHeaderCommand(Position pos, StringExpr field, StringExpr value, bool last)
        : Command(pos), field_(std::move(field)), value_(std::move(value)), last_(last)
    {
    }
    std::string_view name() const override { return "addheader"; }
    Flow execute(Runtime& rt) const override
    {
        const std::string field = field_.eval(rt);
        if (!is_field_name(field)) {
            return rt.fail(pos(), "addheader: invalid field name '" + field + "'");
        }
        if (add_protected(rt.settings(), field)) {
            rt.warn(pos(), "addheader: adding field '" + field + "' is not allowed; ignored");
            return Flow::Next;
        }
        const std::string value = clean_value(value_.eval(rt));
        if (field.size() + value.size() + 2 > rt.settings().editheader_max_header_size) {
            return rt.fail(pos(), "addheader: the field is longer than " +
                                      std::to_string(rt.settings().editheader_max_header_size) +
                                      " bytes");
        }
        rt.message().add_field(field, value, last_);
        rt.trace(TraceLevel::Actions, pos(), "addheader \"" + field + "\"");
        return Flow::Next;
    }

private:
    StringExpr field_;
    StringExpr value_;
    bool last_;
};

}  // namespace

std::unique_ptr<Command> make_addheader(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, {{"last", ArgType::None}},
                          {{ArgType::String, "field-name"}, {ArgType::String, "value"}});
    if (!args) {
        return nullptr;
    }
    auto field = c.string_arg(*args->positional[0]);
    auto value = c.string_arg(*args->positional[1]);
    if (!field || !value) {
        return nullptr;
    }
    if (field->constant() && !is_field_name(field->literal())) {
        c.error(field->pos(), "addheader: invalid field name '" + field->literal() + "'");
        return nullptr;
    }
    return std::make_unique<AddHeaderCommand>(node.pos, std::move(*field), std::move(*value),
                                              args->has("last"));
}

}  // namespace roost::sieve
