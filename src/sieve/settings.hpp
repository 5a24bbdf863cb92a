// Settings of the Sieve engine: which extensions scripts may use, resource limits and the
// knobs of individual extensions, filled by the host from its configuration (the plugin
// settings Pigeonhole reads: sieve_max_actions, sieve_extensions, sieve_spamtest_* ...).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace roost::sieve {

struct Limits {
    std::size_t max_script_size = 1 << 20;  // bytes of one script (sieve_max_script_size)
    std::size_t max_actions = 32;           // explicit actions per run (sieve_max_actions)
    std::size_t max_redirects = 4;          // redirect actions per run (sieve_max_redirects)
    std::uint64_t max_steps = 2'000'000;    // commands + tests + matched values: the CPU budget
    std::int64_t max_cpu_ms = 0;            // wall budget through Environment::cpu_time_ms; 0 off
    std::size_t max_include_depth = 10;     // nested includes at run time
    std::size_t max_includes = 255;         // distinct scripts one program may include
    std::size_t max_nesting = 32;           // nested blocks / tests in a script
    std::size_t max_loop_depth = 4;         // nested foreverypart loops
    std::size_t max_variables = 255;        // variables per scope (RFC 5229 section 6)
    std::size_t max_variable_size = 4096;   // bytes a variable keeps (longer values are cut)
    std::size_t max_match_values = 32;      // match variables ${0}..${N-1} kept
    std::size_t max_errors = 30;            // compile errors reported before giving up
    std::size_t max_regex_size = 1024;      // bytes of one :regex key
    std::size_t max_string_size = 1 << 20;  // bytes of one expanded string at run time
};

// How spamtest / virustest read the score another filter left in the header
// (Pigeonhole's sieve_spamtest_* and sieve_virustest_* settings).
struct ScoreTestSettings {
    enum class Type { Score, Strlen, Text };
    Type type = Type::Score;
    std::string status_header;               // "X-Spam-Score" ; empty: the test is not configured
    std::string status_regex;                // POSIX extended regex whose group 1 holds the value
    double max_value = 0;                    // fixed maximum for Score / Strlen
    std::string max_header;                  // header holding the maximum instead
    std::string max_regex;                   // regex for max_header
    std::map<int, std::string> text_values;  // Text: level (0..10) -> header value

    bool configured() const { return !status_header.empty(); }
};

struct Settings {
    Limits limits;
    // Capabilities scripts may require. Empty means every implemented extension (the spam
    // and virus tests only when configured).
    std::set<std::string> extensions;
    std::string default_mailbox = "INBOX";
    std::string recipient_delimiter = "+";  // subaddress: any of these characters separates
    // vacation (RFC 5230, RFC 6131); periods in seconds, max 0 = no maximum
    std::int64_t vacation_min_period = 86400;
    std::int64_t vacation_max_period = 0;
    std::int64_t vacation_default_period = 7 * 86400;
    bool vacation_dont_check_recipient = false;
    std::vector<std::string> user_addresses;  // the user's own addresses besides the recipient
    // duplicate (RFC 7352)
    std::int64_t duplicate_default_period = 12 * 3600;
    std::int64_t duplicate_max_period = 7 * 86400;
    // editheader (RFC 5293): header fields scripts may not add or delete, lowercase
    std::vector<std::string> editheader_protected;
    std::size_t editheader_max_header_size = 2048;
    // enotify: where notifications come from when :from is absent
    std::string notify_from;
    std::string hostname = "localhost";  // Message-ID of generated mail
    ScoreTestSettings spamtest;
    ScoreTestSettings virustest;
};

// The capability strings this build implements, in the order they are announced.
const std::vector<std::string>& implemented_extensions();

// The capabilities a host with these settings announces (SIEVE capability in ManageSieve,
// what `require` accepts).
std::vector<std::string> enabled_extensions(const Settings& settings);

// Applies a Pigeonhole-style sieve_extensions value ("fileinto reject" replaces the set,
// "+editheader -enotify" adjusts it) to settings.extensions. Unknown names are returned.
std::vector<std::string> apply_extension_list(Settings& settings, const std::string& list);

}  // namespace roost::sieve
