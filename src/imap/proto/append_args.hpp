// Typed arguments of APPEND (RFC 9051), with MULTIAPPEND (RFC 3502), literal8 messages
// (BINARY, RFC 3516) and UTF8 (...) messages (UTF8=ACCEPT, RFC 6855).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/arg_reader.hpp"
#include "mail/date_time.hpp"

namespace roost::imap::proto {

struct AppendMessage {
    std::vector<std::string> flags;                // canonical system flags and keywords
    std::optional<mail::DateTime> internal_date;   // the date-time argument
    std::string data;                              // the message
    bool binary = false;                           // sent as literal8 ~{n}
    bool utf8 = false;                             // sent as UTF8 (~{n})
};

struct AppendArgs {
    std::string mailbox;
    std::vector<AppendMessage> messages;  // one, or more with MULTIAPPEND
};

// Takes the command by rvalue so that message bytes move instead of being copied.
Result<AppendArgs> parse_append(Command&& command, const ParseContext& context);

}  // namespace roost::imap::proto
