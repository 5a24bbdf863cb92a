// Describing actions for logs, traces and roost-sieve-test.
#include "sieve/actions.hpp"

namespace roost::sieve {
namespace {

std::string quoted(const std::string& s)
{
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        if (c == '\r') {
            continue;
        }
        out += c == '\n' ? ' ' : c;
    }
    return out + "\"";
}

struct Describer {
    std::string operator()(const StoreAction& a) const
    {
        std::string s = a.keep ? (a.implicit ? "implicit keep " : "keep ") : "fileinto ";
        s += quoted(a.mailbox);
        if (a.copy) {
            s += " :copy";
        }
        if (a.create) {
            s += " :create";
        }
        if (!a.flags.empty()) {
            s += " :flags";
            for (const std::string& f : a.flags) {
                s += " " + f;
            }
        }
        return s;
    }
    std::string operator()(const RedirectAction& a) const
    {
        return std::string("redirect ") + (a.copy ? ":copy " : "") + "<" + a.address + ">";
    }
    std::string operator()(const RejectAction& a) const
    {
        return std::string(a.extended ? "ereject " : "reject ") + quoted(a.reason);
    }
    std::string operator()(const DiscardAction&) const { return "discard"; }
    std::string operator()(const VacationAction& a) const
    {
        return "vacation to <" + a.to + "> subject " + quoted(a.subject) + " period " +
               std::to_string(a.period);
    }
    std::string operator()(const NotifyAction& a) const
    {
        return "notify " + quoted(a.method) + " importance " + std::to_string(a.importance);
    }
};

}  // namespace

bool RunResult::implicit_keep() const
{
    for (const Action& a : actions) {
        if (const auto* s = std::get_if<StoreAction>(&a.data); s && s->implicit) {
            return true;
        }
    }
    return false;
}

std::string describe(const Action& action)
{
    return std::visit(Describer{}, action.data);
}

}  // namespace roost::sieve
