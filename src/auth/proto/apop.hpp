// APOP (RFC 1939 section 7) as Dovecot's auth service runs it. The POP3 login process greets
// with a timestamp it made, and sends the auth service "timestamp NUL user NUL digest" with the
// digest as 16 raw bytes. The digest is MD5(timestamp + password), so APOP only works for users
// whose passdb password is stored in a cleartext scheme. Pure: no I/O.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace roost::auth::proto {

struct ApopResponse {
    std::string challenge;  // "<1f2e.9a8b7c6d.65a0b1c2@mail.example.com>"
    std::string user;
    std::string digest;     // 16 raw bytes
};

// Splits the login process's data; nullopt when it is not challenge NUL user NUL 16 bytes.
std::optional<ApopResponse> parse_apop_response(std::string_view data);

// The greeting timestamp of a POP3 login process: "<PID.RANDOM.TIME@HOST>", numbers in hex.
std::string make_apop_challenge(std::uint32_t pid, std::uint32_t random, std::time_t now, std::string_view host);

// Whether `challenge` was made by the login process `client_pid` no longer than `max_age`
// seconds before `now`: a digest cannot be replayed through another process or days later.
bool apop_challenge_valid(std::string_view challenge, std::uint32_t client_pid, std::time_t now, std::time_t max_age);

// MD5(challenge + password), 16 raw bytes; empty when MD5 is unavailable (FIPS mode).
std::string apop_digest(std::string_view challenge, std::string_view password);

}  // namespace roost::auth::proto
