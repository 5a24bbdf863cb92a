// The capabilities a logged-in client is offered: exactly what this worker implements.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace roost::imap {

struct CapabilityOptions {
    bool literal_minus = false;  // imap_literal_minus: LITERAL- instead of LITERAL+
    // APPENDLIMIT=N (RFC 7889): the largest message APPEND takes, the same for every mailbox
    // (the receiver's literal limit, lowered to quota_max_mail_size); 0 leaves it out.
    std::uint64_t append_limit = 0;
    bool quota = false;          // mail_plugins has quota and imap_quota (RFC 9208 commands)
};

// In the order they are advertised (CAPABILITY and the [CAPABILITY ...] of the login's OK).
std::vector<std::string> post_login_capabilities(const CapabilityOptions& options);

// The ENABLE names this worker knows (upper case): CONDSTORE, IMAP4REV2, UTF8=ACCEPT.
bool can_enable(const std::string& upper_name);

}  // namespace roost::imap
