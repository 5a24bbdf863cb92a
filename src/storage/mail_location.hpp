// MailLocation: a Dovecot mail_location string ("maildir:~/Maildir:LAYOUT=fs:INDEX=/var/idx/%u")
// taken apart, with ~ and the user variables expanded.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace roost::storage {

struct MailLocation {
    std::string driver;   // "maildir", "mbox" ...
    std::string root;     // the mail root directory (or mbox file), absolute after expansion
    std::string inbox;    // INBOX=: where INBOX lives; empty means the backend's default
    std::string index;    // INDEX=: index files root; empty means beside the mail, MEMORY none
    std::string control;  // CONTROL=: uidlist/keywords/subscriptions root; empty means root
    std::string layout;   // LAYOUT=: "fs", "maildir++" ...; empty means the backend's default
    // Every other KEY=VALUE (or bare KEY) in order; backends decide whether they matter.
    std::vector<std::pair<std::string, std::string>> options;
};

// What %-variables and ~ expand to. Callers holding a config::Variables may expand the whole
// string first; these cover what Dovecot's own mail_location defaults use.
struct LocationVariables {
    std::string user;  // %u; %n is the part before '@', %d the part after
    std::string home;  // ~ and %h
};

// Parses "driver:path[:KEY=VALUE]...". "::" stands for a ':' inside a value. ~ (at the start of
// a path) and %u %n %d %h %% are expanded. Errors carry StorageError::BadLocation.
Result<MailLocation> parse_mail_location(std::string_view text, const LocationVariables& vars);

// Expands %u %n %d %h %% and a leading ~ in one value; BadLocation for unknown variables or a
// ~ without a home.
Result<std::string> expand_location_value(std::string_view value, const LocationVariables& vars);

}  // namespace roost::storage
