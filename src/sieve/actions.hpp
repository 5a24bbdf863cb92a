// Actions: what a Sieve run decided (RFC 5228 section 4 and the action extensions), in the
// order the script asked for them, for the host to carry out.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "sieve/diagnostics.hpp"

namespace roost::sieve {

// keep, fileinto and the implicit keep: store the message in a mailbox.
struct StoreAction {
    std::string mailbox;
    std::vector<std::string> flags;  // imap4flags: the flags to set (lowercase system flags kept
                                     // in their canonical "\Seen" spelling)
    bool create = false;             // mailbox :create
    bool copy = false;               // :copy (does not cancel the implicit keep)
    bool keep = false;               // written as keep (explicit or implicit), not fileinto
    bool implicit = false;           // the implicit keep
    // The message as editheader left it when the action was taken; null when unchanged.
    std::shared_ptr<const std::string> message;
};

struct RedirectAction {
    std::string address;
    bool copy = false;
    std::shared_ptr<const std::string> message;
};

// reject (RFC 5429 section 2.2) or ereject (section 2.1).
struct RejectAction {
    std::string reason;
    bool extended = false;
};

struct DiscardAction {};

// A vacation response that passed every check (RFC 5230 section 4.5): the host sends
// `message` from the null reverse-path to `to` and records `tracking_key` for `period` seconds.
struct VacationAction {
    std::string to;       // the envelope recipient of the response (the sender)
    std::string from;     // the From address used
    std::string subject;  // the decoded subject
    std::string handle;
    std::string tracking_key;  // what Environment::vacation_responded is asked next time
    std::int64_t period = 0;
    std::string message;  // the complete response, CRLF line ends
};

// An enotify notification (RFC 5435) by the mailto method (RFC 5436).
struct NotifyAction {
    std::string method;  // the URI as given
    std::string from;
    int importance = 2;
    std::vector<std::string> options;
    std::string text;                     // :message or the default text
    std::vector<std::string> recipients;  // To/Cc addresses of the mailto URI
    std::string message;                  // the complete notification, CRLF line ends
};

using ActionData = std::variant<StoreAction, RedirectAction, RejectAction, DiscardAction,
                                VacationAction, NotifyAction>;

struct Action {
    ActionData data;
    Position pos;        // where the script asked for it (the implicit keep: line 0)
    std::string script;  // "" for the main script, else the included script's name
};

// An id the duplicate test saw: the host records it when delivery succeeds (RFC 7352 §3).
struct DuplicateMark {
    std::string key;
    std::string handle;  // the :handle given, "" when none
    std::int64_t period = 0;
    bool last = false;  // :last: the period restarts at every delivery
};

struct RunResult {
    std::vector<Action> actions;  // explicit actions in order; the implicit keep, if any, last
    bool failed = false;          // a run-time error: actions is then only the keep to INBOX
    std::string error;            // "line:column: message" of the run-time error
    std::vector<std::string> warnings;
    std::vector<DuplicateMark> duplicate_marks;
    // The message after every editheader change, null when the script changed nothing.
    std::shared_ptr<const std::string> edited_message;
    std::uint64_t steps = 0;  // the CPU budget spent

    bool implicit_keep() const;
};

// A short human line for an action ("fileinto \"Foo\" :flags \\Seen"), for logs and tests.
std::string describe(const Action& action);

}  // namespace roost::sieve
