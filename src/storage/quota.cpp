#include "storage/quota.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/strings.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage {
namespace {

Error rule_error(std::string_view rule, std::string_view why)
{
    return storage_error(StorageError::BadLocation, "quota rule \"" + std::string(rule) + "\": " + std::string(why));
}

// "1G", "500M", "100k", "123" (with `default_unit` for a bare number: Dovecot's storage= is in
// kilobytes, bytes= in bytes).
std::optional<std::uint64_t> parse_size(std::string_view text, std::uint64_t default_unit)
{
    std::uint64_t n = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, n);
    if (ec != std::errc{} || p == text.data()) {
        return std::nullopt;
    }
    std::string_view unit(p, static_cast<std::size_t>(end - p));
    std::uint64_t mult = default_unit;
    if (unit.empty()) {
    } else if (iequals(unit, "b")) {
        mult = 1;
    } else if (iequals(unit, "k") || iequals(unit, "kb")) {
        mult = 1024;
    } else if (iequals(unit, "M") || iequals(unit, "mb")) {
        mult = 1024ull * 1024;
    } else if (iequals(unit, "G") || iequals(unit, "gb")) {
        mult = 1024ull * 1024 * 1024;
    } else if (iequals(unit, "T") || iequals(unit, "tb")) {
        mult = 1024ull * 1024 * 1024 * 1024;
    } else {
        return std::nullopt;
    }
    return n * mult;
}

bool same_mailbox(std::string_view a, std::string_view b)
{
    return a == b || (iequals(a, "INBOX") && iequals(b, "INBOX"));
}

}  // namespace

Result<Quota> Quota::parse(const std::vector<std::string>& rules, std::string_view grace, std::uint64_t max_mail_size)
{
    Quota q;
    q.max_mail_size_ = max_mail_size;
    for (const std::string& text : rules) {
        if (trim(text).empty()) {
            continue;
        }
        const std::vector<std::string_view> parts = split(trim(text), ':');
        if (parts.size() < 2 || parts[0].empty()) {
            return rule_error(text, "expected MAILBOX:LIMIT");
        }
        Rule r;
        r.mailbox = std::string(parts[0]);
        for (std::size_t i = 1; i < parts.size(); ++i) {
            const std::string_view limit = trim(parts[i]);
            if (iequals(limit, "ignore")) {
                r.ignore = true;
                continue;
            }
            if (iequals(limit, "none") || iequals(limit, "noenforcing")) {
                continue;
            }
            const auto eq = limit.find('=');
            if (eq == std::string_view::npos) {
                return rule_error(text, "unknown limit " + std::string(limit));
            }
            const std::string key = to_lower(limit.substr(0, eq));
            std::string_view value = limit.substr(eq + 1);
            Rule::Value v;
            if (!value.empty() && (value[0] == '+' || value[0] == '-')) {
                v.kind = Rule::Value::Kind::Relative;
            }
            const bool negative = !value.empty() && value[0] == '-';
            if (v.kind == Rule::Value::Kind::Relative) {
                value.remove_prefix(1);
            }
            if (!value.empty() && value.back() == '%') {
                v.kind = Rule::Value::Kind::Percent;
                value.remove_suffix(1);
            }
            std::optional<std::uint64_t> amount;
            if (v.kind == Rule::Value::Kind::Percent || key == "messages") {
                amount = parse_size(value, 1);
                if (key == "messages" && value.find_first_not_of("0123456789") != std::string_view::npos) {
                    amount.reset();
                }
            } else if (key == "storage") {
                amount = parse_size(value, 1024);
            } else if (key == "bytes") {
                amount = parse_size(value, 1);
            } else {
                return rule_error(text, "unknown limit " + key);
            }
            if (!amount) {
                return rule_error(text, "bad value " + std::string(limit.substr(eq + 1)));
            }
            v.amount = static_cast<std::int64_t>(*amount) * (negative ? -1 : 1);
            (key == "messages" ? r.messages : r.bytes) = v;
        }
        if (r.mailbox == "*") {
            if (r.bytes && r.bytes->kind == Rule::Value::Kind::Absolute && r.bytes->amount > 0) {
                q.base_bytes_ = static_cast<std::uint64_t>(r.bytes->amount);
            }
            if (r.messages && r.messages->kind == Rule::Value::Kind::Absolute && r.messages->amount > 0) {
                q.base_messages_ = static_cast<std::uint64_t>(r.messages->amount);
            }
        }
        q.rules_.push_back(std::move(r));
    }
    const std::string_view g = trim(grace);
    if (!g.empty() && g.back() == '%') {
        double pct = 0;
        const auto [p, ec] = std::from_chars(g.data(), g.data() + g.size() - 1, pct);
        if (ec != std::errc{} || p != g.data() + g.size() - 1) {
            return rule_error(grace, "quota_grace must be a percentage or a size");
        }
        q.grace_percent_ = pct;
    } else if (!g.empty()) {
        q.grace_bytes_ = parse_size(g, 1);
        if (!q.grace_bytes_) {
            return rule_error(grace, "quota_grace must be a percentage or a size");
        }
    }
    return q;
}

const Quota::Rule* Quota::rule_for(std::string_view mailbox) const
{
    const Rule* found = nullptr;
    for (const Rule& r : rules_) {
        if (r.mailbox != "*" && same_mailbox(r.mailbox, mailbox)) {
            found = &r;  // the last rule for a mailbox wins, as later settings do
        }
    }
    return found;
}

bool Quota::counts(std::string_view mailbox) const
{
    const Rule* r = rule_for(mailbox);
    return r == nullptr || !r->ignore;
}

Quota::Limit Quota::limit_for(std::string_view mailbox) const
{
    Limit l{base_bytes_, base_messages_};
    const Rule* r = rule_for(mailbox);
    if (r == nullptr) {
        return l;
    }
    const auto adjust = [](std::optional<std::uint64_t>& limit, const std::optional<Rule::Value>& v) {
        if (!v) {
            return;
        }
        using Kind = Rule::Value::Kind;
        if (v->kind == Kind::Absolute) {
            limit = v->amount > 0 ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(v->amount)) : std::nullopt;
        } else if (limit) {
            const double base = static_cast<double>(*limit);
            const double value = v->kind == Kind::Percent ? base * static_cast<double>(v->amount) / 100.0
                                                          : base + static_cast<double>(v->amount);
            limit = static_cast<std::uint64_t>(std::max(0.0, value));
        }
    };
    adjust(l.bytes, r->bytes);
    adjust(l.messages, r->messages);
    return l;
}

Quota::Verdict Quota::check(const QuotaUsage& usage, std::string_view mailbox, std::uint64_t size) const
{
    if (max_mail_size_ != 0 && size > max_mail_size_) {
        return Verdict::TooLarge;
    }
    if (!counts(mailbox)) {
        return Verdict::Ok;
    }
    const Limit l = limit_for(mailbox);
    if (l.messages && usage.messages + 1 > *l.messages) {
        return Verdict::OverQuota;
    }
    if (l.bytes) {
        if (usage.bytes >= *l.bytes) {
            return Verdict::OverQuota;
        }
        const std::uint64_t grace = grace_bytes_ ? *grace_bytes_
                                                 : static_cast<std::uint64_t>(static_cast<double>(*l.bytes) * grace_percent_ / 100.0);
        if (usage.bytes + size > *l.bytes + grace) {
            return Verdict::OverQuota;
        }
    }
    return Verdict::Ok;
}

Result<QuotaUsage> quota_usage(Storage& storage, const Quota& quota)
{
    auto list = storage.list_mailboxes();
    if (!list) {
        return list.error();
    }
    QuotaUsage usage;
    OpenOptions ro;
    ro.read_only = true;
    for (const MailboxListEntry& e : *list) {
        if (!e.selectable || !quota.counts(e.name)) {
            continue;
        }
        auto box = storage.open_mailbox(e.name, ro);
        if (!box) {
            return box.error();
        }
        for (std::uint32_t seq = 1; seq <= (*box)->count(); ++seq) {
            usage.bytes += (*box)->message(seq).size;
        }
        usage.messages += (*box)->count();
    }
    return usage;
}

}  // namespace roost::storage
