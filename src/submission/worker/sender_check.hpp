// Which envelope senders (MAIL FROM) a logged-in user may use: only their own addresses, so an
// account cannot send as someone else. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roost::submission {

struct SenderPolicy {
    // Whole addresses ("alice@example.com"), whole domains ("@example.com") or "*" (anyone).
    std::vector<std::string> allowed;
    // recipient_delimiter: "alice+lists@example.com" is alice's too.
    std::string delimiters = "+";
};

// The policy for `user`: the login name when it is an address, else user@hostname, plus the
// entries of the userdb field submission_senders (separated by commas or spaces).
SenderPolicy sender_policy(const std::string& user, const std::string& hostname, std::string_view extra_senders,
                           std::string delimiters);

// Whether `sender` may be used. The null sender <> is allowed (bounces, receipts): it claims
// nobody. Domains compare without case; local parts too, as Roost's logins are case-insensitive.
bool sender_allowed(const SenderPolicy& policy, std::string_view sender);

}  // namespace roost::submission
