// Reading the Sieve settings from Pigeonhole's plugin setting names and value syntax
// (sieve_max_actions = 32, sieve_vacation_min_period = 1d, sieve_spamtest_status_header =
// X-Spam-Score: ([0-9.]+) ...), for the LDA and the tools.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "sieve/settings.hpp"

namespace roost::sieve {

// Applies one setting. Returns false for a key that is not a Sieve engine setting (the caller
// may know it), an Error for a known key with a bad value.
Result<bool> apply_setting(Settings& settings, std::string_view key, std::string_view value);

// Dovecot time values: "30", "30s", "5 mins", "12h", "7d", "2 weeks" (to seconds).
Result<std::int64_t> parse_duration(std::string_view text);
// Dovecot size values: "100", "10k", "1M", "1G" (to bytes).
Result<std::uint64_t> parse_size(std::string_view text);

}  // namespace roost::sieve
