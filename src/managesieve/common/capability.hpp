// The ManageSieve capability lines (RFC 5804 section 1.7) for the greeting, CAPABILITY and
// after STARTTLS: the Sieve extensions the engine really runs with this configuration.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "sieve/settings.hpp"

namespace roost::managesieve {

// The engine settings for `protocol sieve` (plugin settings, no user overrides).
Result<sieve::Settings> sieve_settings(const config::Config& cfg);

// The managesieve_* settings (protocol sieve).
struct ServerSettings {
    std::string implementation = "Roost";  // managesieve_implementation_string
    std::string sieve_capability;          // managesieve_sieve_capability: "" = the engine's
    std::string notify_capability;         // managesieve_notify_capability: "" = the engine's
    std::size_t max_line = 65536;          // managesieve_max_line_length
    std::size_t max_compile_errors = 5;    // managesieve_max_compile_errors
    std::string logout_format = "bytes=%i/%o";
};
ServerSettings server_settings(const config::Config& cfg);

struct CapabilityInput {
    const sieve::Settings* sieve = nullptr;
    const ServerSettings* server = nullptr;
    bool starttls = false;                // offer STARTTLS
    bool sasl = false;                    // include the SASL line (before login)
    std::vector<std::string> mechanisms;  // what SASL lists
};

// "IMPLEMENTATION" "Roost" ... each line CRLF-terminated, without the closing OK.
std::string capability_lines(const CapabilityInput& in);

}  // namespace roost::managesieve
