// Address helpers for actions: validating a single address a script gives (redirect, vacation
// :from/:addresses, mailto recipients) with src/mail's RFC 5322 address parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roost::sieve {

struct MailAddress {
    std::string local;
    std::string domain;  // lowercased by parse_single_address, as written by header_addresses
    std::string spec() const { return local + "@" + domain; }
};

// The one mailbox in text ("a@b.c", "<a@b.c>", "Name <a@b.c>"), nullopt when text holds none,
// more than one, or one without a domain.
std::optional<MailAddress> parse_single_address(std::string_view text);

// Every mailbox of an address header value, in order (group markers skipped).
std::vector<MailAddress> header_addresses(std::string_view raw_value);

// Compares addresses as users think of them: both parts case-insensitively (vacation's
// "is this my address" checks; redirect duplicates use same_address, which keeps local parts
// case-sensitive).
bool address_equals(const MailAddress& a, const MailAddress& b);

}  // namespace roost::sieve
