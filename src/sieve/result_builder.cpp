// Duplicate, conflict and limit rules of the action list.
#include "sieve/result_builder.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace roost::sieve {
namespace {

std::string_view strip_angles(std::string_view a)
{
    a = trim(a);
    if (a.size() >= 2 && a.front() == '<' && a.back() == '>') {
        a = a.substr(1, a.size() - 2);
    }
    return a;
}

bool delivers(const Action& a)
{
    return std::holds_alternative<StoreAction>(a.data) ||
           std::holds_alternative<RedirectAction>(a.data);
}

std::string where(const Action& a)
{
    std::string s = a.script.empty() ? "" : a.script + ": ";
    return s + "line " + std::to_string(a.pos.line);
}

}  // namespace

bool same_mailbox(std::string_view a, std::string_view b)
{
    if (iequals(a, "INBOX") && iequals(b, "INBOX")) {
        return true;
    }
    return a == b;
}

bool same_address(std::string_view a, std::string_view b)
{
    a = strip_angles(a);
    b = strip_angles(b);
    const std::size_t at_a = a.rfind('@');
    const std::size_t at_b = b.rfind('@');
    if (at_a == std::string_view::npos || at_b == std::string_view::npos) {
        return a == b;
    }
    return a.substr(0, at_a) == b.substr(0, at_b) && iequals(a.substr(at_a), b.substr(at_b));
}

bool ResultBuilder::stores_into(std::string_view mailbox) const
{
    for (const Action& a : actions_) {
        if (const auto* s = std::get_if<StoreAction>(&a.data);
            s && same_mailbox(s->mailbox, mailbox)) {
            return true;
        }
    }
    return false;
}

std::optional<std::string> ResultBuilder::conflict(const Action& action) const
{
    const bool is_reject = std::holds_alternative<RejectAction>(action.data);
    const bool is_vacation = std::holds_alternative<VacationAction>(action.data);
    for (const Action& a : actions_) {
        const bool other_reject = std::holds_alternative<RejectAction>(a.data);
        const bool other_vacation = std::holds_alternative<VacationAction>(a.data);
        if (is_reject && other_reject) {
            return "duplicate reject/ereject action (the first one is at " + where(a) + ")";
        }
        if (is_vacation && other_vacation) {
            return "duplicate vacation action (the first one is at " + where(a) + ")";
        }
        if ((is_reject && delivers(a)) || (other_reject && delivers(action))) {
            return "reject/ereject conflicts with an action that delivers the message (at " +
                   where(is_reject ? a : action) + ")";
        }
        if ((is_reject && other_vacation) || (is_vacation && other_reject)) {
            return "reject/ereject and vacation both answer the sender: they cannot be combined "
                   "(the other one is at " +
                   where(a) + ")";
        }
    }
    return std::nullopt;
}

std::optional<std::string> ResultBuilder::add(Action action)
{
    // Duplicates collapse into the action already there.
    for (Action& a : actions_) {
        if (auto* s = std::get_if<StoreAction>(&action.data)) {
            auto* old = std::get_if<StoreAction>(&a.data);
            if (old != nullptr && same_mailbox(old->mailbox, s->mailbox)) {
                for (const std::string& f : s->flags) {
                    if (std::find(old->flags.begin(), old->flags.end(), f) == old->flags.end()) {
                        old->flags.push_back(f);
                    }
                }
                old->copy = old->copy && s->copy;
                old->create = old->create || s->create;
                old->keep = old->keep || s->keep;
                if (s->message) {
                    old->message = s->message;
                }
                if (!s->copy) {
                    implicit_keep_ = false;
                }
                return std::nullopt;
            }
        } else if (auto* r = std::get_if<RedirectAction>(&action.data)) {
            auto* old = std::get_if<RedirectAction>(&a.data);
            if (old != nullptr && same_address(old->address, r->address)) {
                old->copy = old->copy && r->copy;
                if (!r->copy) {
                    implicit_keep_ = false;
                }
                return std::nullopt;
            }
        } else if (std::holds_alternative<DiscardAction>(action.data) &&
                   std::holds_alternative<DiscardAction>(a.data)) {
            return std::nullopt;
        } else if (auto* n = std::get_if<NotifyAction>(&action.data)) {
            auto* old = std::get_if<NotifyAction>(&a.data);
            if (old != nullptr && old->method == n->method) {
                return std::nullopt;
            }
        }
    }
    if (auto c = conflict(action)) {
        return c;
    }
    if (actions_.size() >= limits_.max_actions) {
        return "too many actions: the limit is " + std::to_string(limits_.max_actions);
    }
    if (std::holds_alternative<RedirectAction>(action.data)) {
        if (redirects_ >= limits_.max_redirects) {
            return "too many redirects: the limit is " + std::to_string(limits_.max_redirects);
        }
        ++redirects_;
    }
    if (const auto* s = std::get_if<StoreAction>(&action.data); s && !s->copy) {
        implicit_keep_ = false;
    } else if (const auto* r = std::get_if<RedirectAction>(&action.data); r && !r->copy) {
        implicit_keep_ = false;
    } else if (std::holds_alternative<RejectAction>(action.data) ||
               std::holds_alternative<DiscardAction>(action.data)) {
        implicit_keep_ = false;
    }
    actions_.push_back(std::move(action));
    return std::nullopt;
}

}  // namespace roost::sieve
