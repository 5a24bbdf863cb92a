// address (RFC 5228 section 5.1): compares addresses in header fields that hold addresses.
// Takes ADDRESS-PART (with :user/:detail from subaddress), :index/:last (RFC 5260) and
// :mime/:anychild (RFC 5703).
#include <algorithm>

#include "core/strings.hpp"
#include "sieve/address_util.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

// Fields known to hold address lists (RFC 5322 sections 3.6.2, 3.6.3, 3.6.6, and the common
// extensions), the only ones the address test accepts as RFC 5228 requires.
bool is_address_field(std::string_view name)
{
    static constexpr std::string_view kFields[] = {
        "from",
        "sender",
        "reply-to",
        "to",
        "cc",
        "bcc",
        "resent-from",
        "resent-sender",
        "resent-to",
        "resent-cc",
        "resent-bcc",
        "resent-reply-to",
        "delivered-to",
        "errors-to",
        "x-original-to",
        "mail-followup-to",
        "mail-reply-to",
        "x-beenthere",
    };
    return std::any_of(std::begin(kFields), std::end(kFields),
                       [&](std::string_view f) { return iequals(f, name); });
}

class AddressTest final : public Test {
public:
    AddressTest(Position pos, MatchSpec spec, AddressPart part, IndexSpec index, MimeSpec mime,
                StringList names, KeyList keys)
        : Test(pos),
          spec_(spec),
          part_(part),
          index_(index),
          mime_(std::move(mime)),
          names_(std::move(names)),
          keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "address"; }

    Truth evaluate(Runtime& rt) const override
    {
        std::vector<std::string> names;
        for (std::string& n : eval_list(names_, rt)) {
            if (is_field_name(n) && is_address_field(n)) {
                names.push_back(std::move(n));
            }
        }
        std::vector<std::string> values;
        for (const std::uint32_t part : selected_parts(rt, mime_)) {
            for (const std::string& raw : raw_field_values(rt, part, names, index_)) {
                for (const MailAddress& a : header_addresses(raw)) {
                    if (auto v = address_part_value(a.local, a.domain, part_,
                                                    rt.settings().recipient_delimiter)) {
                        values.push_back(std::move(*v));
                    }
                }
            }
        }
        return match_values(rt, spec_, keys_, values);
    }

private:
    MatchSpec spec_;
    AddressPart part_;
    IndexSpec index_;
    MimeSpec mime_;
    StringList names_;
    KeyList keys_;
};

}  // namespace

std::unique_ptr<Test> make_address(Compiler& c, const AstNode& node)
{
    static const std::vector<TagDef> tags = [] {  // built once, as in make_header()
        std::vector<TagDef> t;
        add_comparator_tags(t);
        add_match_type_tags(t);
        add_address_part_tags(t);
        add_index_tags(t);
        add_mime_tags(t, false);
        return t;
    }();
    auto args = read_args(c, node, tags,
                          {{ArgType::Strings, "header-list"}, {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto index = read_index(c, *args);
    auto mime = read_mime(c, *args);
    auto names = read_header_names(c, *args->positional[0]);
    if (!spec || !index || !mime || !names) {
        return nullptr;
    }
    bool ok = true;
    for (const StringExpr& n : *names) {
        if (n.constant() && !is_address_field(n.literal())) {
            c.error(n.pos(), "header '" + n.literal() +
                                 "' does not hold addresses: the address "
                                 "test cannot use it");
            ok = false;
        }
    }
    auto keys = read_keys(c, *spec, *args->positional[1]);
    if (!keys || !ok) {
        return nullptr;
    }
    return std::make_unique<AddressTest>(node.pos, *spec, read_address_part(*args), *index,
                                         std::move(*mime), std::move(*names), std::move(*keys));
}

}  // namespace roost::sieve
