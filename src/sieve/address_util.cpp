// Address validation on top of src/mail/address.hpp.
#include "sieve/address_util.hpp"

#include "core/strings.hpp"
#include "mail/address.hpp"

namespace roost::sieve {

std::vector<MailAddress> header_addresses(std::string_view raw_value)
{
    std::vector<MailAddress> out;
    for (const mail::Address& a : mail::parse_address_list(raw_value)) {
        if (a.is_group_start() || a.is_group_end() || !a.mailbox) {
            continue;
        }
        MailAddress m;
        m.local = *a.mailbox;
        if (a.domain && *a.domain != mail::kMissingDomain) {
            m.domain = *a.domain;
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<MailAddress> parse_single_address(std::string_view text)
{
    text = trim(text);
    if (text.empty()) {
        return std::nullopt;
    }
    const auto list = mail::parse_address_list(text);
    std::vector<MailAddress> found;
    for (const mail::Address& a : list) {
        if (a.is_group_start() || a.is_group_end()) {
            return std::nullopt;
        }
        if (!a.mailbox || a.mailbox->empty() || *a.mailbox == mail::kMissingMailbox || !a.domain ||
            a.domain->empty() || *a.domain == mail::kMissingDomain) {
            return std::nullopt;
        }
        found.push_back(MailAddress{*a.mailbox, to_lower(*a.domain)});
    }
    if (found.size() != 1) {
        return std::nullopt;
    }
    return found.front();
}

bool address_equals(const MailAddress& a, const MailAddress& b)
{
    return iequals(a.local, b.local) && iequals(a.domain, b.domain);
}

}  // namespace roost::sieve
