// Shared argument groups of tests and header value collection.
#include "sieve/test_common.hpp"

#include "core/strings.hpp"
#include "sieve/compiler.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

std::optional<std::string> constant_string(Compiler& c, const AstArgument& a, std::string_view what)
{
    if (a.kind != AstArgument::Kind::String) {
        c.error(a.pos, std::string(what) + " must be a string");
        return std::nullopt;
    }
    auto s = c.string(a.strings.front());
    if (!s) {
        return std::nullopt;
    }
    if (!s->constant()) {
        c.error(a.pos, std::string(what) + " must be a constant string (no variables)");
        return std::nullopt;
    }
    return s->literal();
}

}  // namespace

void add_comparator_tags(std::vector<TagDef>& tags)
{
    tags.push_back({"comparator", ArgType::String});
}

void add_match_type_tags(std::vector<TagDef>& tags)
{
    tags.push_back({"is", ArgType::None, "", kGroupMatchType});
    tags.push_back({"contains", ArgType::None, "", kGroupMatchType});
    tags.push_back({"matches", ArgType::None, "", kGroupMatchType});
    tags.push_back({"regex", ArgType::None, "regex", kGroupMatchType});
    tags.push_back({"value", ArgType::String, "relational", kGroupMatchType});
    tags.push_back({"count", ArgType::String, "relational", kGroupMatchType});
}

void add_address_part_tags(std::vector<TagDef>& tags)
{
    tags.push_back({"all", ArgType::None, "", kGroupAddressPart});
    tags.push_back({"localpart", ArgType::None, "", kGroupAddressPart});
    tags.push_back({"domain", ArgType::None, "", kGroupAddressPart});
    tags.push_back({"user", ArgType::None, "subaddress", kGroupAddressPart});
    tags.push_back({"detail", ArgType::None, "subaddress", kGroupAddressPart});
}

void add_index_tags(std::vector<TagDef>& tags)
{
    tags.push_back({"index", ArgType::Number, "index"});
    tags.push_back({"last", ArgType::None, "index"});
}

void add_mime_tags(std::vector<TagDef>& tags, bool mime_opts)
{
    tags.push_back({"mime", ArgType::None, "mime"});
    tags.push_back({"anychild", ArgType::None, "mime"});
    if (mime_opts) {
        tags.push_back({"type", ArgType::None, "mime", kGroupMimeOpt});
        tags.push_back({"subtype", ArgType::None, "mime", kGroupMimeOpt});
        tags.push_back({"contenttype", ArgType::None, "mime", kGroupMimeOpt});
        tags.push_back({"param", ArgType::Strings, "mime", kGroupMimeOpt});
    }
}

std::optional<MatchSpec> read_match_spec(Compiler& c, const Args& args)
{
    MatchSpec spec;
    bool ok = true;
    if (const TagValue* t = args.tag("comparator")) {
        auto name = constant_string(c, *t->param, "the comparator name");
        if (!name) {
            return std::nullopt;
        }
        const Comparator* cmp = find_comparator(*name);
        if (cmp == nullptr) {
            c.error(t->param->pos, "unknown comparator '" + *name + "'");
            return std::nullopt;
        }
        if (!cmp->capability().empty() && !c.has(cmp->capability())) {
            c.error(t->param->pos, "comparator '" + *name + "' needs require \"" +
                                       std::string(cmp->capability()) + "\"");
            return std::nullopt;
        }
        spec.comparator = cmp;
    }
    for (const TagValue& t : args.tags) {
        if (t.name == "is") {
            spec.kind = MatchKind::Is;
        } else if (t.name == "contains") {
            spec.kind = MatchKind::Contains;
        } else if (t.name == "matches") {
            spec.kind = MatchKind::Matches;
        } else if (t.name == "regex") {
            spec.kind = MatchKind::Regex;
        } else if (t.name == "value" || t.name == "count") {
            spec.kind = t.name == "value" ? MatchKind::Value : MatchKind::Count;
            auto rel = constant_string(c, *t.param, "the relation of :" + t.name);
            if (!rel) {
                return std::nullopt;
            }
            auto r = parse_relation(*rel);
            if (!r) {
                c.error(t.param->pos, "invalid relation '" + *rel + "' for :" + t.name +
                                          " (expected gt, ge, lt, le, eq or ne)");
                ok = false;
            } else {
                spec.relation = *r;
            }
        } else {
            continue;
        }
        if ((spec.kind == MatchKind::Contains || spec.kind == MatchKind::Matches ||
             spec.kind == MatchKind::Regex) &&
            !spec.comparator->substring()) {
            c.error(t.pos, "comparator '" + std::string(spec.comparator->name()) +
                               "' does not support :" + t.name);
            ok = false;
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return spec;
}

std::optional<KeyList> read_keys(Compiler& c, const MatchSpec& spec, const AstArgument& arg)
{
    auto keys = c.string_list(arg);
    if (!keys) {
        return std::nullopt;
    }
    KeyList out;
    out.keys = std::move(*keys);
    if (spec.kind == MatchKind::Regex && all_constant(out.keys)) {
        bool ok = true;
        for (const StringExpr& k : out.keys) {
            if (auto why = check_regex_key(k.literal(), c.limits().max_regex_size)) {
                c.error(k.pos(), *why);
                ok = false;
                continue;
            }
            auto re = std::make_shared<Regex>(k.literal(), spec.comparator->case_insensitive());
            if (!re->ok()) {
                c.error(k.pos(),
                        "invalid regular expression '" + k.literal() + "': " + re->error());
                ok = false;
                continue;
            }
            out.regexes.push_back(std::move(re));
        }
        if (!ok) {
            return std::nullopt;
        }
    }
    return out;
}

AddressPart read_address_part(const Args& args)
{
    if (args.has("localpart")) {
        return AddressPart::LocalPart;
    }
    if (args.has("domain")) {
        return AddressPart::Domain;
    }
    if (args.has("user")) {
        return AddressPart::User;
    }
    if (args.has("detail")) {
        return AddressPart::Detail;
    }
    return AddressPart::All;
}

std::optional<IndexSpec> read_index(Compiler& c, const Args& args)
{
    IndexSpec out;
    if (const TagValue* t = args.tag("index")) {
        if (t->param->number == 0) {
            c.error(t->param->pos, "the :index position must be 1 or more");
            return std::nullopt;
        }
        out.index = static_cast<std::size_t>(t->param->number);
    }
    if (const TagValue* t = args.tag("last")) {
        if (out.index == 0) {
            c.error(t->pos, ":last is only allowed together with :index");
            return std::nullopt;
        }
        out.last = true;
    }
    return out;
}

bool index_selects(const IndexSpec& index, std::size_t position, std::size_t count)
{
    if (index.index == 0) {
        return true;
    }
    if (index.index > count) {
        return false;
    }
    const std::size_t want = index.last ? count - index.index : index.index - 1;
    return position == want;
}

std::optional<StringList> read_header_names(Compiler& c, const AstArgument& arg)
{
    auto names = c.string_list(arg);
    if (!names) {
        return std::nullopt;
    }
    bool ok = true;
    for (const StringExpr& n : *names) {
        if (n.constant() && !is_field_name(n.literal())) {
            c.error(n.pos(), "invalid header field name '" + n.literal() + "'");
            ok = false;
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return names;
}

std::optional<MimeSpec> read_mime(Compiler& c, const Args& args)
{
    MimeSpec out;
    out.mime = args.has("mime");
    out.anychild = args.has("anychild");
    if (out.anychild && !out.mime) {
        c.error(args.tag("anychild")->pos, ":anychild is only allowed together with :mime");
        return std::nullopt;
    }
    const char* opts[] = {"type", "subtype", "contenttype", "param"};
    for (const char* o : opts) {
        if (const TagValue* t = args.tag(o)) {
            if (!out.mime) {
                c.error(t->pos, std::string(":") + o + " is only allowed together with :mime");
                return std::nullopt;
            }
        }
    }
    if (args.has("type")) {
        out.opt = MimeSpec::Opt::Type;
    } else if (args.has("subtype")) {
        out.opt = MimeSpec::Opt::Subtype;
    } else if (args.has("contenttype")) {
        out.opt = MimeSpec::Opt::ContentType;
    } else if (const TagValue* t = args.tag("param")) {
        out.opt = MimeSpec::Opt::Param;
        auto params = c.string_list(*t->param);
        if (!params) {
            return std::nullopt;
        }
        out.params = std::move(*params);
    }
    return out;
}

std::vector<std::uint32_t> selected_parts(Runtime& rt, const MimeSpec& mime)
{
    std::uint32_t base = 0;
    if (mime.mime) {
        if (auto cur = rt.current_part()) {
            base = *cur;
        }
    }
    if (!mime.anychild) {
        return {base};
    }
    const auto& parts = rt.message().structure().parts;
    std::vector<std::uint32_t> out;
    const std::uint32_t end = base + parts[base].subtree;
    for (std::uint32_t i = base; i < end && i < parts.size(); ++i) {
        out.push_back(i);
    }
    return out;
}

std::vector<std::string> raw_field_values(Runtime& rt, std::uint32_t part,
                                          const std::vector<std::string>& names,
                                          const IndexSpec& index)
{
    std::vector<std::string> out;
    const auto& fields = rt.message().part_header(part);
    for (const std::string& name : names) {
        std::size_t count = 0;
        if (index.index != 0) {
            for (const Message::Field& f : fields) {
                count += !f.name.empty() && iequals(f.name, name) ? 1 : 0;
            }
        }
        std::size_t pos = 0;
        for (const Message::Field& f : fields) {
            if (f.name.empty() || !iequals(f.name, name)) {
                continue;
            }
            if (index_selects(index, pos, count)) {
                out.push_back(f.value);
            }
            ++pos;
        }
    }
    return out;
}

}  // namespace roost::sieve
