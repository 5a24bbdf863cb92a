// Vacation response policy and composition.
#include "sieve/ext_vacation.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "mail/header_field.hpp"
#include "sieve/address_util.hpp"
#include "sieve/mail_composer.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

// Senders that are mail systems or list managers, never people (RFC 3834 section 2).
bool is_system_sender(const MailAddress& a)
{
    const std::string local = to_lower(a.local);
    static constexpr std::string_view kExact[] = {"mailer-daemon", "listserv", "majordomo",
                                                  "postmaster"};
    for (std::string_view e : kExact) {
        if (local == e) {
            return true;
        }
    }
    return local.starts_with("owner-") || local.ends_with("-request") ||
           local.ends_with("-owner") || local.ends_with("-bounces");
}

// RFC 3834 section 5 / RFC 2369: list traffic, bulk mail and automatic mail get no reply.
std::string automatic_message(const Message& msg)
{
    for (const std::string_view v : msg.values("auto-submitted")) {
        const std::string value = to_lower(trim(decode_header_value(v)));
        if (!value.starts_with("no")) {
            return "the message is auto-submitted";
        }
    }
    for (const std::string_view v : msg.values("precedence")) {
        const std::string value = to_lower(decode_header_value(v));
        if (value == "bulk" || value == "list" || value == "junk") {
            return "the message has Precedence: " + value;
        }
    }
    static constexpr std::string_view kListFields[] = {
        "list-id",   "list-help",  "list-subscribe", "list-unsubscribe",
        "list-post", "list-owner", "list-archive"};
    for (std::string_view f : kListFields) {
        if (!msg.values(f).empty()) {
            return "the message comes from a mailing list (" + std::string(f) + ")";
        }
    }
    for (const std::string_view v : msg.values("x-auto-response-suppress")) {
        const std::string value = to_lower(decode_header_value(v));
        if (value.find("all") != std::string::npos || value.find("oof") != std::string::npos) {
            return "the message asks for no automatic replies (X-Auto-Response-Suppress)";
        }
    }
    return {};
}

}  // namespace

std::int64_t clamp_vacation_period(std::int64_t seconds, std::int64_t min, std::int64_t max)
{
    if (seconds < min) {
        seconds = min;
    }
    if (max > 0 && seconds > max) {
        seconds = max;
    }
    return seconds;
}

std::variant<VacationAction, std::string> decide_vacation(Runtime& rt, const VacationRequest& req)
{
    const Message& msg = rt.message();
    const Envelope& env = rt.envelope();
    if (env.from.empty() || env.from == "<>") {
        return std::string("the sender is the null reverse-path");
    }
    const auto sender = parse_single_address(env.from);
    if (!sender) {
        return "the sender address '" + env.from + "' is invalid";
    }
    if (const std::string why = automatic_message(msg); !why.empty()) {
        return why;
    }
    if (is_system_sender(*sender)) {
        return "the sender " + sender->spec() + " is a mail system or list address";
    }
    // The user's addresses: the recipients, the configured ones and :addresses.
    std::vector<MailAddress> mine;
    for (const std::string* s : {&env.to, &env.orig_to}) {
        if (auto a = parse_single_address(*s)) {
            mine.push_back(*a);
        }
    }
    for (const std::string& s : rt.settings().user_addresses) {
        if (auto a = parse_single_address(s)) {
            mine.push_back(*a);
        }
    }
    for (const std::string& s : req.addresses) {
        if (auto a = parse_single_address(s)) {
            mine.push_back(*a);
        }
    }
    for (const MailAddress& m : mine) {
        if (address_equals(m, *sender)) {
            return "the sender is the user (" + sender->spec() + ")";
        }
    }
    std::optional<MailAddress> addressed;
    if (!rt.settings().vacation_dont_check_recipient) {
        static constexpr std::string_view kRecipientFields[] = {
            "to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc"};
        for (std::string_view f : kRecipientFields) {
            for (const std::string_view v : msg.values(f)) {
                for (const MailAddress& a : header_addresses(v)) {
                    for (const MailAddress& m : mine) {
                        if (!addressed && address_equals(a, m)) {
                            addressed = m;
                        }
                    }
                }
            }
        }
        if (!addressed) {
            return std::string("none of the user's addresses is in To, Cc or Bcc");
        }
    }
    const std::string key = to_lower(sender->spec()) + ":" + hash_hex(req.handle);
    if (rt.env().vacation_responded(key)) {
        return "a response was already sent to " + sender->spec() + " in this period";
    }

    // The response (RFC 5230 section 5, RFC 3834 section 3).
    std::string from = req.from;
    if (from.empty()) {
        from = addressed ? addressed->spec() : rt.user_address();
    }
    std::string subject = req.subject;
    if (subject.empty()) {
        const auto values = msg.values("subject");
        const std::string original =
            values.empty() ? std::string() : decode_header_value(values.front());
        subject = original.empty() ? "Automated reply" : "Auto: " + original;
    }
    const Now now = rt.env().now();
    MailComposer mail;
    const std::string id = hash_hex(key + std::to_string(now.unix_time) + req.reason);
    mail.raw_field("Message-ID", "<" + id + "." + std::to_string(now.unix_time) + "@" +
                                     rt.settings().hostname + ">");
    mail.raw_field("Date", rfc5322_date(now.unix_time, now.zone_minutes));
    mail.raw_field("From", from);
    // The sender as their From field names them, display name included, when it is them.
    std::string to = "<" + sender->spec() + ">";
    for (const std::string_view v : msg.values("from")) {
        const auto list = header_addresses(v);
        if (list.size() == 1 && address_equals(list.front(), *sender)) {
            to = std::string(trim(mail::unfold(v)));
        }
    }
    mail.raw_field("To", to);
    mail.text_field("Subject", subject);
    const auto msgid = msg.values("message-id");
    if (!msgid.empty()) {
        const std::string id_value(trim(msgid.front()));
        mail.raw_field("In-Reply-To", id_value);
        const auto refs = msg.values("references");
        std::string references = refs.empty() ? std::string() : std::string(trim(refs.front()));
        references += references.empty() ? id_value : " " + id_value;
        mail.raw_field("References", references);
    }
    mail.raw_field("Auto-Submitted", "auto-replied");
    mail.raw_field("X-Auto-Response-Suppress", "All");

    VacationAction action;
    action.to = sender->spec();
    action.from = from;
    action.subject = subject;
    action.handle = req.handle;
    action.tracking_key = key;
    action.period = req.period;
    action.message = req.mime ? mail.finish_mime(req.reason) : mail.finish_text(req.reason);
    return action;
}

}  // namespace roost::sieve
