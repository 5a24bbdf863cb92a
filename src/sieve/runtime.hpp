// Runtime: the state of one script run (variables, match values, imap4flags' internal flags,
// the MIME part foreverypart is at, the CPU budget, the collected actions) and what commands
// and tests reach through it: the message, the envelope, the host and the settings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sieve/actions.hpp"
#include "sieve/environment.hpp"
#include "sieve/message.hpp"
#include "sieve/program.hpp"
#include "sieve/result_builder.hpp"
#include "sieve/settings.hpp"
#include "sieve/string_expr.hpp"

namespace roost::sieve {

enum class TraceLevel { None = 0, Actions, Commands, Tests, Matching };

// Receives trace lines ("line:col: text") while the script runs (roost-sieve-test -t).
using TraceSink = std::function<void(std::string_view line)>;

class Runtime {
public:
    Runtime(const Program& program, Message& message, const Envelope& envelope, Environment& env,
            const Settings& settings);

    // Runs the main script (once per Runtime) and returns what it decided.
    RunResult run();

    void set_trace(TraceSink sink, TraceLevel level)
    {
        trace_ = std::move(sink);
        trace_level_ = level;
    }
    bool tracing(TraceLevel level) const { return trace_ && trace_level_ >= level; }
    void trace(TraceLevel level, Position pos, std::string_view text);

    Message& message() { return message_; }
    const Envelope& envelope() const { return envelope_; }
    Environment& env() { return env_; }
    const Settings& settings() const { return settings_; }
    const Limits& limits() const { return settings_.limits; }
    const Program& program() const { return program_; }

    // Variables (RFC 5229) and match values. Unset variables read as "".
    std::string read_variable(const VarRef& ref) const;
    void write_variable(const VarRef& ref, std::string value);
    void set_match_values(const std::vector<std::string>& values);
    bool uses_variables() const { return current_script_uses_variables_; }

    // imap4flags (RFC 5232): the internal variable.
    std::vector<std::string>& internal_flags() { return internal_flags_; }

    // Adds an action, applying the result rules; a conflict becomes a run-time error.
    Flow add_action(ActionData data, Position pos);
    ResultBuilder& result() { return result_; }

    // Records a run-time error at pos; the run then ends with only the keep to INBOX.
    Flow fail(Position pos, std::string message);
    Truth fail_test(Position pos, std::string message);
    bool failed() const { return failed_; }
    void warn(Position pos, std::string message);

    // Spends n steps of the CPU budget; false (and a recorded error) once it is exhausted.
    bool step(std::uint64_t n = 1);

    // include (RFC 6609)
    Flow include(const CompiledScript& script, bool once, Position pos);
    // foreverypart (RFC 5703): the part the innermost loop is at, nullopt outside loops.
    std::optional<std::uint32_t> current_part() const
    {
        return parts_.empty() ? std::nullopt : std::optional<std::uint32_t>(parts_.back());
    }
    void push_part(std::uint32_t part) { parts_.push_back(part); }
    void pop_part() { parts_.pop_back(); }
    std::size_t loop_depth() const { return parts_.size(); }
    // The name a break targets ("" for the innermost loop).
    std::string& break_name() { return break_name_; }

    // duplicate (RFC 7352): ids tested in this run, so a second test of the same id agrees.
    std::map<std::string, bool>& duplicate_seen() { return duplicate_seen_; }
    void mark_duplicate(DuplicateMark mark);

    // The address of the script's owner: the final recipient, else the original one.
    std::string user_address() const;

private:
    Flow run_script(const CompiledScript& script);

    const Program& program_;
    Message& message_;
    Envelope envelope_;
    Environment& env_;
    const Settings& settings_;
    ResultBuilder result_;
    std::vector<std::vector<std::string>> frames_;  // local variables per running script
    std::map<std::string, std::string> globals_;
    std::vector<std::string> match_;
    std::vector<std::string> internal_flags_;
    std::vector<std::uint32_t> parts_;
    std::string break_name_;
    std::set<const CompiledScript*> included_once_;
    std::vector<const CompiledScript*> include_stack_;
    std::map<std::string, bool> duplicate_seen_;
    std::vector<DuplicateMark> duplicate_marks_;
    std::vector<std::string> warnings_;
    std::uint64_t steps_ = 0;
    std::int64_t cpu_start_ = 0;
    bool failed_ = false;
    std::string error_;
    bool ran_ = false;
    bool current_script_uses_variables_ = false;
    TraceSink trace_;
    TraceLevel trace_level_ = TraceLevel::None;
};

}  // namespace roost::sieve
