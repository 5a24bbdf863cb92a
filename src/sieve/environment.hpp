// Environment: what the Sieve interpreter asks the host (convention 9, "Sieve decides, the host
// acts"). The interpreter never touches disk, network or clock itself: mailbox existence,
// duplicate and vacation tracking, included scripts, environment items and the current time
// all come through this interface, so it is tested with a fake host.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::sieve {

// The SMTP envelope of the message being filtered.
struct Envelope {
    std::string from;     // MAIL FROM without <>; "" for the null reverse-path
    std::string to;       // the final recipient (RCPT TO)
    std::string orig_to;  // the original recipient (ORCPT / -a), "" when unknown
    std::string auth;     // the submitter's authenticated identity, "" when none
};

// The current time in the host's zone.
struct Now {
    std::int64_t unix_time = 0;
    int zone_minutes = 0;  // offset east of UTC
};

enum class ScriptLocation { Personal, Global };

class Environment {
public:
    virtual ~Environment() = default;

    // mailbox (RFC 5490): whether the user's mailbox exists.
    virtual bool mailbox_exists(std::string_view mailbox);

    // duplicate (RFC 7352): true when a message with this tracking key was delivered within
    // the last `period` seconds. The key already combines handle and id; the host records
    // keys it is handed in RunResult::duplicate_marks once delivery succeeded.
    virtual bool duplicate_seen(std::string_view key, std::int64_t period);

    // vacation (RFC 5230): true when a response with this key (sender + handle) was sent
    // within its period. The host records the keys of the responses it sends.
    virtual bool vacation_responded(std::string_view key);

    // include (RFC 6609): the text of a script, nullopt when there is no such script, an
    // Error when it exists but cannot be read.
    virtual Result<std::optional<std::string>> load_script(ScriptLocation location,
                                                           std::string_view name);

    // environment (RFC 5183): an item such as "domain", "host", "remote-ip"; nullopt when the
    // host does not know it (the interpreter answers "name", "version" and "phase" itself
    // unless the host does).
    virtual std::optional<std::string> environment_item(std::string_view name);

    // date (RFC 5260) currentdate and the default zone; also Date: of generated mail.
    virtual Now now();

    // A process-time clock in milliseconds for the CPU budget (Limits::max_cpu_ms); the
    // default returns 0, which disables the check.
    virtual std::int64_t cpu_time_ms();
};

}  // namespace roost::sieve
