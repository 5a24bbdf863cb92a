// The command line of roost-lda, which is dovecot-lda's: parsed without side effects so that
// an MTA's mailbox_command moves over unchanged and a typo is a usage error (exit 64).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace roost::lda {

struct LdaOptions {
    std::string config_path;         // -c; empty: the installed roost.conf (or $ROOST_CONFIG)
    std::string user;                // -d: look the user up in the userdb; empty: the caller
    std::string original_recipient;  // -a: what Sieve's envelope "to" and subaddress see
    std::string final_recipient;     // -r: after alias expansion; defaults to -a
    std::string sender;              // -f: the envelope sender ("" = the null reverse-path)
    bool sender_given = false;       // -f was on the command line
    std::string mailbox;             // -m: deliver here instead of INBOX
    std::string message_path;        // -p: read the message from this file, not stdin
    bool reject_to_stderr = false;   // -e: refuse by exit 77 instead of mailing a bounce
    bool keep_environment = false;   // -k
    std::vector<std::pair<std::string, std::string>> overrides;  // -o key=value, in order
    bool help = false;
};

// Parses argv (without argv[0]). The error message names the offending option.
Result<LdaOptions> parse_lda_options(const std::vector<std::string>& args);

// The usage text printed for --help and after a usage error.
const char* lda_usage();

}  // namespace roost::lda
