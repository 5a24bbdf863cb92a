// Typed arguments of the session commands: AUTHENTICATE (with the SASL-IR initial response),
// LOGIN, ENABLE, ID, COMPRESS, and the raw lines of an AUTHENTICATE exchange and of IDLE.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"

namespace roost::imap::proto {

struct AuthenticateArgs {
    std::string mechanism;  // upper case: "PLAIN", "SCRAM-SHA-256"
    // The decoded SASL-IR initial response (RFC 4959); "=" gives an empty string; nullopt when
    // the client sent none and waits for an empty challenge.
    std::optional<std::string> initial_response;
};

struct LoginArgs {
    std::string username;
    std::string password;
};

struct EnableArgs {
    std::vector<std::string> capabilities;  // upper case, as sent: "CONDSTORE", "UTF8=ACCEPT"
};

struct IdArgs {
    // RFC 2971: field names as sent (compare without case), values or NIL. Empty for "ID NIL".
    std::vector<std::pair<std::string, std::optional<std::string>>> fields;
};

struct CompressArgs {
    std::string mechanism;  // upper case: "DEFLATE"
};

Result<AuthenticateArgs> parse_authenticate(const Command& command);
Result<LoginArgs> parse_login(const Command& command);
Result<EnableArgs> parse_enable(const Command& command);
Result<IdArgs> parse_id(const Command& command);
Result<CompressArgs> parse_compress(const Command& command);
// Commands that take no arguments (NOOP, CAPABILITY, IDLE ...): BAD when any were sent.
Result<void> parse_no_args(const Command& command);

// One client line of an AUTHENTICATE exchange: its decoded bytes, or nullopt when the client
// cancelled with "*". BAD for base64 that does not decode.
Result<std::optional<std::string>> parse_sasl_response(std::string_view line);

// True for the "DONE" that ends IDLE (RFC 2177), in any case.
bool is_idle_done(std::string_view line);

}  // namespace roost::imap::proto
