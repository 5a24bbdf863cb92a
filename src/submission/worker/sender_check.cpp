#include "submission/worker/sender_check.hpp"

#include "core/strings.hpp"

namespace roost::submission {
namespace {

// "alice+tag@Example.COM" -> "alice@example.com" (lower case, detail removed).
std::string canonical(std::string_view address, const std::string& delimiters)
{
    const auto at = address.rfind('@');
    std::string_view local = address.substr(0, at);
    const std::string_view domain = at == std::string_view::npos ? std::string_view() : address.substr(at);
    if (const auto cut = delimiters.empty() ? std::string_view::npos : local.find_first_of(delimiters);
        cut != std::string_view::npos && cut > 0) {
        local = local.substr(0, cut);
    }
    return to_lower(local) + to_lower(domain);
}

}  // namespace

SenderPolicy sender_policy(const std::string& user, const std::string& hostname, std::string_view extra_senders,
                           std::string delimiters)
{
    SenderPolicy p;
    p.delimiters = std::move(delimiters);
    p.allowed.push_back(user.find('@') != std::string::npos || hostname.empty() ? user : user + "@" + hostname);
    std::string words(extra_senders);
    for (char& c : words) {
        if (c == ',') {
            c = ' ';
        }
    }
    for (std::string_view w : split_words(words)) {
        p.allowed.emplace_back(w);
    }
    return p;
}

bool sender_allowed(const SenderPolicy& policy, std::string_view sender)
{
    if (sender.empty()) {
        return true;
    }
    const std::string mine = canonical(sender, policy.delimiters);
    const auto at = mine.rfind('@');
    if (at == std::string::npos || at == 0) {
        return false;  // an address without a domain or a local part is nobody's
    }
    for (const std::string& a : policy.allowed) {
        if (a == "*") {
            return true;
        }
        if (!a.empty() && a[0] == '@') {
            if (iequals(mine.substr(at), a)) {
                return true;
            }
        } else if (canonical(a, policy.delimiters) == mine) {
            return true;
        }
    }
    return false;
}

}  // namespace roost::submission
