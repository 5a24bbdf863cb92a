// vacation (RFC 5230, :seconds from RFC 6131): answer the sender, at most once per period.
// The checks and the response are in ext_vacation.cpp; a response that must not be sent is
// no action at all (the reason is traced).
#include "sieve/address_util.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_vacation.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class VacationCommand final : public Command {
public:
    struct Spec {
        std::optional<std::uint64_t> days;
        std::optional<std::uint64_t> seconds;
        std::optional<StringExpr> subject;
        std::optional<StringExpr> from;
        StringList addresses;
        bool mime = false;
        std::optional<StringExpr> handle;
        StringExpr reason;
    };

    VacationCommand(Position pos, Spec spec) : Command(pos), spec_(std::move(spec)) {}
    std::string_view name() const override { return "vacation"; }

    Flow execute(Runtime& rt) const override
    {
        const Settings& s = rt.settings();
        VacationRequest req;
        std::int64_t period = s.vacation_default_period;
        constexpr std::uint64_t kMaxSeconds = std::uint64_t{1} << 40;
        if (spec_.days) {
            period = static_cast<std::int64_t>(std::min(*spec_.days, kMaxSeconds / 86400) * 86400);
        } else if (spec_.seconds) {
            period = static_cast<std::int64_t>(std::min(*spec_.seconds, kMaxSeconds));
        }
        req.period = clamp_vacation_period(period, s.vacation_min_period, s.vacation_max_period);
        req.subject = spec_.subject ? spec_.subject->eval(rt) : std::string();
        if (spec_.from) {
            const std::string from = spec_.from->eval(rt);
            if (!parse_single_address(from)) {
                return rt.fail(pos(), "vacation: invalid :from address '" + from + "'");
            }
            req.from = from;
        }
        req.addresses = eval_list(spec_.addresses, rt);
        req.mime = spec_.mime;
        req.reason = spec_.reason.eval(rt);
        if (spec_.handle) {
            req.handle = spec_.handle->eval(rt);
        } else {
            // Without :handle, responses differ when their text or headers do (RFC 5230 4.2).
            req.handle =
                req.reason + "\n" + req.subject + "\n" + req.from + (req.mime ? "\nmime" : "");
        }
        auto decision = decide_vacation(rt, req);
        if (auto* why = std::get_if<std::string>(&decision)) {
            rt.trace(TraceLevel::Actions, pos(), "vacation: no response: " + *why);
            return Flow::Next;
        }
        return rt.add_action(std::move(std::get<VacationAction>(decision)), pos());
    }

private:
    Spec spec_;
};

}  // namespace

std::unique_ptr<Command> make_vacation(Compiler& c, const AstNode& node)
{
    const std::vector<TagDef> tags = {
        {"days", ArgType::Number, "", kGroupPeriod},
        {"seconds", ArgType::Number, "vacation-seconds", kGroupPeriod},
        {"subject", ArgType::String},
        {"from", ArgType::String},
        {"addresses", ArgType::Strings},
        {"mime", ArgType::None},
        {"handle", ArgType::String},
    };
    auto args = read_args(c, node, tags, {{ArgType::String, "reason"}});
    if (!args) {
        return nullptr;
    }
    VacationCommand::Spec spec;
    bool ok = true;
    if (const TagValue* t = args->tag("days")) {
        spec.days = t->param->number;
    }
    if (const TagValue* t = args->tag("seconds")) {
        spec.seconds = t->param->number;
    }
    auto opt_string = [&](const char* name, std::optional<StringExpr>& out) {
        if (const TagValue* t = args->tag(name)) {
            auto s = c.string_arg(*t->param);
            ok = ok && s.has_value();
            out = std::move(s);
        }
    };
    opt_string("subject", spec.subject);
    opt_string("from", spec.from);
    opt_string("handle", spec.handle);
    if (spec.from && spec.from->constant() && !parse_single_address(spec.from->literal())) {
        c.error(spec.from->pos(), "vacation: invalid :from address '" + spec.from->literal() + "'");
        ok = false;
    }
    if (const TagValue* t = args->tag("addresses")) {
        auto list = c.string_list(*t->param);
        if (!list) {
            return nullptr;
        }
        for (const StringExpr& a : *list) {
            if (a.constant() && !parse_single_address(a.literal())) {
                c.error(a.pos(), "vacation: invalid address '" + a.literal() + "' in :addresses");
                ok = false;
            }
        }
        spec.addresses = std::move(*list);
    }
    spec.mime = args->has("mime");
    auto reason = c.string_arg(*args->positional[0]);
    if (!reason || !ok) {
        return nullptr;
    }
    spec.reason = std::move(*reason);
    return std::make_unique<VacationCommand>(node.pos, std::move(spec));
}

}  // namespace roost::sieve
