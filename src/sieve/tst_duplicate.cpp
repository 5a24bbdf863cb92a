// duplicate (RFC 7352): true when a message with the same id (Message-ID by default, or a
// header's value, or :uniqueid) was delivered within the period. The host answers from its
// store; the id is recorded through RunResult::duplicate_marks once delivery succeeds, so a
// second test of the same id in one run gives the first one's answer (as Pigeonhole does).
#include <algorithm>

#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/mail_composer.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class DuplicateTest final : public Test {
public:
    struct Spec {
        std::optional<StringExpr> handle;
        std::optional<StringExpr> header;
        std::optional<StringExpr> uniqueid;
        std::optional<std::uint64_t> seconds;
        bool last = false;
    };
    DuplicateTest(Position pos, Spec spec) : Test(pos), spec_(std::move(spec)) {}
    std::string_view name() const override { return "duplicate"; }

    Truth evaluate(Runtime& rt) const override
    {
        std::string id;
        if (spec_.uniqueid) {
            id = spec_.uniqueid->eval(rt);
        } else {
            const std::string field = spec_.header ? spec_.header->eval(rt) : "message-id";
            const auto values = rt.message().values(field);
            if (values.empty()) {
                return Truth::False;  // nothing to track (RFC 7352 section 3.1)
            }
            id = std::string(trim(decode_header_value(values.front())));
            if (id.empty()) {
                return Truth::False;
            }
        }
        const std::string handle = spec_.handle ? spec_.handle->eval(rt) : std::string();
        const std::string key = "duplicate:" + hash_hex(handle) + ":" + hash_hex(id);
        const Settings& s = rt.settings();
        std::int64_t period = spec_.seconds ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                                  *spec_.seconds, std::uint64_t{1} << 40))
                                            : s.duplicate_default_period;
        if (s.duplicate_max_period > 0) {
            period = std::min(period, s.duplicate_max_period);
        }
        auto& seen = rt.duplicate_seen();
        if (const auto it = seen.find(key); it != seen.end()) {
            return truth(it->second);
        }
        const bool dup = rt.env().duplicate_seen(key, period);
        seen[key] = dup;
        if (!dup || spec_.last) {
            rt.mark_duplicate(DuplicateMark{key, handle, period, spec_.last});
        }
        return truth(dup);
    }

private:
    Spec spec_;
};

}  // namespace

std::unique_ptr<Test> make_duplicate(Compiler& c, const AstNode& node)
{
    const std::vector<TagDef> tags = {{"handle", ArgType::String},
                                      {"header", ArgType::String, "", kGroupIdSource},
                                      {"uniqueid", ArgType::String, "", kGroupIdSource},
                                      {"seconds", ArgType::Number},
                                      {"last", ArgType::None}};
    auto args = read_args(c, node, tags, {});
    if (!args) {
        return nullptr;
    }
    DuplicateTest::Spec spec;
    bool ok = true;
    auto opt = [&](const char* name, std::optional<StringExpr>& out) {
        if (const TagValue* t = args->tag(name)) {
            out = c.string_arg(*t->param);
            ok = ok && out.has_value();
        }
    };
    opt("handle", spec.handle);
    opt("header", spec.header);
    opt("uniqueid", spec.uniqueid);
    if (spec.header && spec.header->constant() && !is_field_name(spec.header->literal())) {
        c.error(spec.header->pos(),
                "duplicate: invalid header field name '" + spec.header->literal() + "'");
        ok = false;
    }
    if (const TagValue* t = args->tag("seconds")) {
        spec.seconds = t->param->number;
    }
    spec.last = args->has("last");
    if (!ok) {
        return nullptr;
    }
    return std::make_unique<DuplicateTest>(node.pos, std::move(spec));
}

}  // namespace roost::sieve
