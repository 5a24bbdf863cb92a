// doveadm's search query, as `roostadm search|fetch|expunge|flags` take it: IMAP SEARCH keys as
// separate words ("unseen", "subject", "hello world", "since", "2024-01-31"), plus "mailbox NAME"
// (wildcards * and ?) to choose mailboxes. Dates may be IMAP dates, YYYY-MM-DD, UNIX times, or
// intervals such as 30d, 12h, 2weeks ("since 7d" is the last 7 days, to the second).
// Pure: words in, an IMAP SEARCH program out, parsed by the IMAP server's own parser.
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/search_args.hpp"

namespace roost::tools::roostadm {

struct MailQuery {
    std::vector<std::string> mailbox_patterns;  // empty: every mailbox
    std::string imap_program;                   // the rest as IMAP SEARCH arguments ("ALL" when empty)
    imap::proto::SearchArgs search;             // that program parsed
};

Result<MailQuery> parse_mail_query(const std::vector<std::string>& words, std::time_t now);

// doveadm's mailbox pattern match: '*' any run of characters, '?' one character; INBOX in any case.
bool mailbox_matches(const std::string& pattern, const std::string& name);

}  // namespace roost::tools::roostadm
