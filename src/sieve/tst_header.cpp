// header (RFC 5228 section 5.7): compares header field values (unfolded, RFC 2047 decoded).
// Takes :index/:last (RFC 5260), :mime/:anychild and MIME-OPTS (RFC 5703 section 4.2).
#include "core/strings.hpp"
#include "mail/content_type.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class HeaderTest final : public Test {
public:
    HeaderTest(Position pos, MatchSpec spec, IndexSpec index, MimeSpec mime, StringList names,
               KeyList keys)
        : Test(pos),
          spec_(spec),
          index_(index),
          mime_(std::move(mime)),
          names_(std::move(names)),
          keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "header"; }

    Truth evaluate(Runtime& rt) const override
    {
        std::vector<std::string> names;
        for (std::string& n : eval_list(names_, rt)) {
            if (is_field_name(n)) {
                names.push_back(std::move(n));
            }
        }
        const std::vector<std::string> params = eval_list(mime_.params, rt);
        std::vector<std::string> values;
        for (const std::uint32_t part : selected_parts(rt, mime_)) {
            for (const std::string& name : names) {
                for (const std::string& raw : raw_field_values(rt, part, {name}, index_)) {
                    add_values(name, raw, params, values);
                }
            }
        }
        return match_values(rt, spec_, keys_, values);
    }

private:
    void add_values(const std::string& name, const std::string& raw,
                    const std::vector<std::string>& params, std::vector<std::string>& out) const
    {
        if (mime_.opt == MimeSpec::Opt::None) {
            out.push_back(decode_header_value(raw));
            return;
        }
        const bool is_type = iequals(name, "content-type");
        const bool is_disp = iequals(name, "content-disposition");
        if (!is_type && !is_disp) {
            return;
        }
        std::string type;
        std::string subtype;
        std::vector<mail::MimeParam> mime_params;
        if (is_type) {
            mail::ContentType ct = mail::parse_content_type(raw);
            type = ct.type;
            subtype = ct.subtype;
            mime_params = std::move(ct.params);
        } else {
            mail::ContentDisposition cd = mail::parse_content_disposition(raw);
            type = cd.type;
            mime_params = std::move(cd.params);
        }
        switch (mime_.opt) {
            case MimeSpec::Opt::Type:
                out.push_back(type);
                break;
            case MimeSpec::Opt::Subtype:
                if (is_type) {
                    out.push_back(subtype);
                }
                break;
            case MimeSpec::Opt::ContentType:
                if (is_type) {
                    out.push_back(type + "/" + subtype);
                }
                break;
            case MimeSpec::Opt::Param:
                for (const std::string& p : params) {
                    if (auto v = mail::find_param(mime_params, p)) {
                        out.push_back(*v);
                    }
                }
                break;
            case MimeSpec::Opt::None:
                break;
        }
    }

    MatchSpec spec_;
    IndexSpec index_;
    MimeSpec mime_;
    StringList names_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_header(Compiler& c, const AstNode& node)
{
    // Built once: the table was rebuilt for every test of every compile (a 500-rule script
    // compiled per delivery).
    static const std::vector<TagDef> tags = [] {
        std::vector<TagDef> t;
        add_comparator_tags(t);
        add_match_type_tags(t);
        add_index_tags(t);
        add_mime_tags(t, true);
        return t;
    }();
    auto args = read_args(c, node, tags,
                          {{ArgType::Strings, "header-names"}, {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto index = read_index(c, *args);
    auto mime = read_mime(c, *args);
    auto names = c.string_list(*args->positional[0]);
    if (!spec || !index || !mime || !names) {
        return nullptr;
    }
    for (const StringExpr& n : *names) {
        if (n.constant() && !is_field_name(n.literal())) {
            c.warning(n.pos(), "invalid header field name '" + n.literal() + "': it never matches");
        }
    }
    auto keys = read_keys(c, *spec, *args->positional[1]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<HeaderTest>(node.pos, *spec, *index, std::move(*mime),
                                        std::move(*names), std::move(*keys));
}

}  // namespace roost::sieve
