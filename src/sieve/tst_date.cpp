// date and currentdate (RFC 5260 sections 4 and 5): compare a date-part of a header's date or
// of the current time, in a chosen zone (:zone), the header's own (:originalzone) or the
// host's local zone. date takes :index/:last (section 6).
#include "core/strings.hpp"
#include "mail/date_time.hpp"
#include "mail/header_field.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_date.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

struct ZoneSpec {
    bool original = false;
    std::optional<StringExpr> zone;

    // The zone to show a moment in; nullopt when the :zone value is invalid.
    std::optional<int> resolve(Runtime& rt, int original_zone) const
    {
        if (original) {
            return original_zone;
        }
        if (zone) {
            return parse_zone(zone->eval(rt));
        }
        return rt.env().now().zone_minutes;
    }
};

std::optional<ZoneSpec> read_zone(Compiler& c, const Args& args)
{
    ZoneSpec z;
    z.original = args.has("originalzone");
    if (const TagValue* t = args.tag("zone")) {
        auto s = c.string_arg(*t->param);
        if (!s) {
            return std::nullopt;
        }
        if (s->constant() && !parse_zone(s->literal())) {
            c.error(s->pos(), "invalid time zone '" + s->literal() + "' (expected +hhmm or -hhmm)");
            return std::nullopt;
        }
        z.zone = std::move(*s);
    }
    return z;
}

std::optional<StringExpr> read_part(Compiler& c, const AstArgument& a)
{
    auto s = c.string_arg(a);
    if (!s) {
        return std::nullopt;
    }
    if (s->constant() && !is_date_part(s->literal())) {
        c.error(s->pos(), "unknown date part '" + s->literal() + "'");
        return std::nullopt;
    }
    return s;
}

class DateTest final : public Test {
public:
    DateTest(Position pos, MatchSpec spec, IndexSpec index, ZoneSpec zone, StringExpr header,
             StringExpr part, KeyList keys)
        : Test(pos),
          spec_(spec),
          index_(index),
          zone_(std::move(zone)),
          header_(std::move(header)),
          part_(std::move(part)),
          keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "date"; }
    Truth evaluate(Runtime& rt) const override
    {
        const std::string header = header_.eval(rt);
        const std::string part = part_.eval(rt);
        std::vector<std::string> values;
        if (!is_field_name(header)) {
            return Truth::False;
        }
        for (const std::string& raw : raw_field_values(rt, 0, {header}, index_)) {
            std::string_view text = raw;
            if (iequals(header, "received")) {
                // The date of a Received field follows its last ';' (RFC 5322 3.6.7).
                const std::size_t semi = text.rfind(';');
                if (semi == std::string_view::npos) {
                    continue;
                }
                text = text.substr(semi + 1);
            }
            const auto dt = mail::parse_date_time(mail::unfold(text));
            if (!dt) {
                continue;
            }
            const auto zone = zone_.resolve(rt, dt->zone_minutes);
            if (!zone) {
                return Truth::False;
            }
            if (auto v = date_part(dt->unix_time(), *zone, part)) {
                values.push_back(std::move(*v));
            }
        }
        return match_values(rt, spec_, keys_, values);
    }

private:
    MatchSpec spec_;
    IndexSpec index_;
    ZoneSpec zone_;
    StringExpr header_;
    StringExpr part_;
    KeyList keys_;
};

class CurrentDateTest final : public Test {
public:
    CurrentDateTest(Position pos, MatchSpec spec, ZoneSpec zone, StringExpr part, KeyList keys)
        : Test(pos),
          spec_(spec),
          zone_(std::move(zone)),
          part_(std::move(part)),
          keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return "currentdate"; }
    Truth evaluate(Runtime& rt) const override
    {
        const Now now = rt.env().now();
        const auto zone = zone_.resolve(rt, now.zone_minutes);
        if (!zone) {
            return Truth::False;
        }
        auto v = date_part(now.unix_time, *zone, part_.eval(rt));
        if (!v) {
            return Truth::False;
        }
        return match_values(rt, spec_, keys_, {*v});
    }

private:
    MatchSpec spec_;
    ZoneSpec zone_;
    StringExpr part_;
    KeyList keys_;
};

std::vector<TagDef> date_tags(bool original_zone)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    tags.push_back({"zone", ArgType::String, "", kGroupZone});
    if (original_zone) {
        tags.push_back({"originalzone", ArgType::None, "", kGroupZone});
        add_index_tags(tags);
    }
    return tags;
}

}  // namespace

std::unique_ptr<Test> make_date(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, date_tags(true),
                          {{ArgType::String, "header-name"},
                           {ArgType::String, "date-part"},
                           {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto index = read_index(c, *args);
    auto zone = read_zone(c, *args);
    auto header = c.string_arg(*args->positional[0]);
    auto part = read_part(c, *args->positional[1]);
    if (!spec || !index || !zone || !header || !part) {
        return nullptr;
    }
    if (header->constant() && !is_field_name(header->literal())) {
        c.error(header->pos(), "invalid header field name '" + header->literal() + "'");
        return nullptr;
    }
    auto keys = read_keys(c, *spec, *args->positional[2]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<DateTest>(node.pos, *spec, *index, std::move(*zone), std::move(*header),
                                      std::move(*part), std::move(*keys));
}

std::unique_ptr<Test> make_currentdate(Compiler& c, const AstNode& node)
{
    auto args = read_args(c, node, date_tags(false),
                          {{ArgType::String, "date-part"}, {ArgType::Strings, "key-list"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    auto zone = read_zone(c, *args);
    auto part = read_part(c, *args->positional[0]);
    if (!spec || !zone || !part) {
        return nullptr;
    }
    auto keys = read_keys(c, *spec, *args->positional[1]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<CurrentDateTest>(node.pos, *spec, std::move(*zone), std::move(*part),
                                             std::move(*keys));
}

}  // namespace roost::sieve
