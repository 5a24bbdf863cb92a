// Checks across the private namespaces a session serves.
#include "config/namespace_checks.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace roost::config {
namespace {

using Severity = Diagnostic::Severity;

std::string value_of(const Section& s, std::string_view key, std::string fallback = {})
{
    const Setting* set = s.find(key);
    return set != nullptr ? set->value : fallback;
}

// The separator clients see: the block's, else the default of its location (mail_location
// when it has none): '/' for mbox and LAYOUT=fs, '.' for Maildir++. nullopt when unknown.
std::optional<char> separator_of(const Section& ns, const Section& root)
{
    const std::string sep = value_of(ns, "separator");
    if (sep.size() == 1) {
        return sep.front();
    }
    const std::string location = value_of(ns, "location", value_of(root, "mail_location"));
    if (location.empty()) {
        return std::nullopt;  // the userdb's mail: decided per user
    }
    const std::string_view driver = std::string_view(location).substr(0, location.find(':'));
    if (driver == "mbox" || location.find(":LAYOUT=fs") != std::string::npos) {
        return '/';
    }
    return '.';
}

}  // namespace

void check_namespaces(const Section& root, std::vector<Diagnostic>& out)
{
    std::vector<const Section*> served;
    for (const Section* ns : root.children_of("namespace")) {
        if (value_of(*ns, "type", "private") != "private") {
            out.push_back({Severity::Warning, ns->where,
                           ns->label() + " is not served: Roost serves private namespaces only"});
        } else if (value_of(*ns, "disabled") != "yes") {
            served.push_back(ns);
        }
    }
    for (const Section* ns : served) {
        // Every program finds INBOX through mail_location (or the userdb's mail), so that the
        // LDA delivers where IMAP and POP3 read.
        const Setting* location = ns->find("location");
        if (location != nullptr && !location->value.empty() &&
            location->value != value_of(root, "mail_location") &&
            (value_of(*ns, "inbox") == "yes" || served.size() == 1)) {
            out.push_back(
                {Severity::Warning, location->where,
                 ns->label() +
                     ": location is not used for the inbox namespace: its folders are in "
                     "mail_location (or the userdb's mail) for IMAP, POP3 and the LDA alike"});
        }
    }
    if (served.size() < 2) {
        return;  // a lone namespace holds INBOX whatever it says
    }
    const Section* inbox = nullptr;
    const Section* listed = nullptr;  // the first list = yes namespace with a known separator
    std::optional<char> listed_separator;
    for (std::size_t i = 0; i < served.size(); ++i) {
        const Section& ns = *served[i];
        if (value_of(ns, "inbox") == "yes") {
            if (inbox != nullptr) {
                out.push_back({Severity::Error, ns.where,
                               ns.label() + ": inbox = yes in two namespaces (also " +
                                   inbox->label() + " at " + inbox->where.str() +
                                   "); exactly one holds INBOX"});
            }
            inbox = &ns;
        }
        const std::string prefix = value_of(ns, "prefix");
        for (std::size_t j = 0; j < i; ++j) {
            if (value_of(*served[j], "prefix") == prefix) {
                out.push_back({Severity::Error, ns.where,
                               ns.label() + ": duplicate namespace prefix \"" + prefix +
                                   "\" (also " + served[j]->label() + " at " +
                                   served[j]->where.str() + ")"});
            }
        }
        const std::optional<char> separator = separator_of(ns, root);
        if (!prefix.empty() && separator && value_of(ns, "separator").empty() &&
            prefix.back() != *separator) {
            out.push_back({Severity::Error, ns.where,
                           ns.label() + ": prefix " + prefix + " must end with the separator " +
                               std::string(1, *separator) +
                               " (its location's; set separator to change it)"});
        }
        if (value_of(ns, "subscriptions", "yes") == "no") {
            const Setting* s = ns.find("subscriptions");
            out.push_back(
                {Severity::Error, s->where,
                 ns.label() + ": subscriptions = no is not supported: each namespace keeps its own "
                              "subscriptions"});
        }
        if (value_of(ns, "list", "yes") == "yes" && separator) {
            if (!listed_separator) {
                listed = &ns;
                listed_separator = separator;
            } else if (*separator != *listed_separator) {
                out.push_back({Severity::Error, ns.where,
                               ns.label() +
                                   ": all list = yes namespaces must use the same separator (" +
                                   listed->label() + " uses " + std::string(1, *listed_separator) +
                                   ", this one " + std::string(1, *separator) + ")"});
            }
        }
    }
    if (inbox == nullptr) {
        out.push_back({Severity::Error, served.front()->where,
                       "no namespace has inbox = yes: exactly one of the " +
                           std::to_string(served.size()) + " namespaces must hold INBOX"});
    }
}

}  // namespace roost::config
