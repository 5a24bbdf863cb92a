// notify (RFC 5435 section 3) with the mailto method (RFC 5436): a notification message to
// the URI's recipients. No notification is made for a message that is itself automatic
// (RFC 5436 section 2.7), which keeps notifications from looping.
#include "core/strings.hpp"
#include "sieve/address_util.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/ext_mailto.hpp"
#include "sieve/mail_composer.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

class NotifyCommand final : public Command {
public:
    struct Spec {
        std::optional<StringExpr> from;
        int importance = 2;
        StringList options;
        std::optional<StringExpr> message;
        StringExpr method;
    };
    NotifyCommand(Position pos, Spec spec) : Command(pos), spec_(std::move(spec)) {}
    std::string_view name() const override { return "notify"; }

    Flow execute(Runtime& rt) const override
    {
        const std::string method = spec_.method.eval(rt);
        std::string why;
        const auto uri = parse_mailto(method, &why);
        if (!uri) {
            return rt.fail(pos(), "notify: invalid method '" + method + "': " + why);
        }
        if (uri->to.empty() && uri->cc.empty() && uri->bcc.empty()) {
            rt.warn(pos(), "notify: the mailto URI '" + method + "' names no recipient");
            return Flow::Next;
        }
        for (const std::string_view v : rt.message().values("auto-submitted")) {
            if (!to_lower(decode_header_value(v)).starts_with("no")) {
                rt.trace(TraceLevel::Actions, pos(),
                         "notify: not notifying about an "
                         "auto-submitted message");
                return Flow::Next;
            }
        }
        NotifyAction a;
        a.method = method;
        a.importance = spec_.importance;
        a.options = eval_list(spec_.options, rt);
        if (spec_.from) {
            a.from = spec_.from->eval(rt);
            if (!parse_single_address(a.from)) {
                return rt.fail(pos(), "notify: invalid :from address '" + a.from + "'");
            }
        } else if (!rt.settings().notify_from.empty()) {
            a.from = rt.settings().notify_from;
        } else {
            a.from = rt.user_address();
        }
        const auto subjects = rt.message().values("subject");
        const std::string original =
            subjects.empty() ? std::string() : decode_header_value(subjects.front());
        if (spec_.message) {
            a.text = spec_.message->eval(rt);
        } else {
            const auto froms = rt.message().values("from");
            a.text =
                "New message" +
                (froms.empty() ? std::string() : " from " + decode_header_value(froms.front())) +
                (original.empty() ? std::string() : ": " + original);
        }
        a.recipients = uri->to;
        a.recipients.insert(a.recipients.end(), uri->cc.begin(), uri->cc.end());
        a.recipients.insert(a.recipients.end(), uri->bcc.begin(), uri->bcc.end());

        MailComposer mail;
        const Now now = rt.env().now();
        mail.raw_field("Message-ID", "<" +
                                         hash_hex(method + a.text + std::to_string(now.unix_time)) +
                                         ".notify@" + rt.settings().hostname + ">");
        mail.raw_field("Date", rfc5322_date(now.unix_time, now.zone_minutes));
        mail.raw_field("From", a.from);
        if (!uri->to.empty()) {
            mail.raw_field("To", join(uri->to, ", "));
        }
        if (!uri->cc.empty()) {
            mail.raw_field("Cc", join(uri->cc, ", "));
        }
        mail.text_field("Subject", !uri->subject.empty() ? uri->subject : a.text);
        for (const auto& [n, v] : uri->headers) {
            mail.text_field(n, v);
        }
        mail.raw_field("Auto-Submitted", "auto-notified");
        if (a.importance == 1) {
            mail.raw_field("Importance", "high");
        } else if (a.importance == 3) {
            mail.raw_field("Importance", "low");
        }
        a.message = mail.finish_text(uri->has_body ? uri->body : a.text);
        return rt.add_action(std::move(a), pos());
    }

private:
    Spec spec_;
};

}  // namespace

std::unique_ptr<Command> make_notify(Compiler& c, const AstNode& node)
{
    const std::vector<TagDef> tags = {{"from", ArgType::String},
                                      {"importance", ArgType::String},
                                      {"options", ArgType::Strings},
                                      {"message", ArgType::String}};
    auto args = read_args(c, node, tags, {{ArgType::String, "method"}});
    if (!args) {
        return nullptr;
    }
    NotifyCommand::Spec spec;
    bool ok = true;
    if (const TagValue* t = args->tag("from")) {
        spec.from = c.string_arg(*t->param);
        ok = ok && spec.from.has_value();
        if (spec.from && spec.from->constant() && !parse_single_address(spec.from->literal())) {
            c.error(spec.from->pos(),
                    "notify: invalid :from address '" + spec.from->literal() + "'");
            ok = false;
        }
    }
    if (const TagValue* t = args->tag("importance")) {
        auto s = c.string_arg(*t->param);
        if (!s || !s->constant() ||
            (s->literal() != "1" && s->literal() != "2" && s->literal() != "3")) {
            c.error(t->param->pos, "notify: :importance must be \"1\", \"2\" or \"3\"");
            ok = false;
        } else {
            spec.importance = s->literal()[0] - '0';
        }
    }
    if (const TagValue* t = args->tag("options")) {
        auto list = c.string_list(*t->param);
        ok = ok && list.has_value();
        if (list) {
            spec.options = std::move(*list);
        }
    }
    if (const TagValue* t = args->tag("message")) {
        spec.message = c.string_arg(*t->param);
        ok = ok && spec.message.has_value();
    }
    auto method = c.string_arg(*args->positional[0]);
    if (!method || !ok) {
        return nullptr;
    }
    if (method->constant()) {
        const std::string scheme = uri_scheme(method->literal());
        std::string why;
        if (scheme != "mailto") {
            c.error(method->pos(), "notify: unsupported notification method '" +
                                       (scheme.empty() ? method->literal() : scheme) + "'");
            return nullptr;
        }
        if (!parse_mailto(method->literal(), &why)) {
            c.error(method->pos(), "notify: invalid mailto URI: " + why);
            return nullptr;
        }
    }
    spec.method = std::move(*method);
    return std::make_unique<NotifyCommand>(node.pos, std::move(spec));
}

}  // namespace roost::sieve
