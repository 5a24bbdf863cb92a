// The Sieve engine's entry points: compile a script (with every script it includes) and run
// the compiled program against one message. Pure: the host supplies the message bytes, the
// envelope and an Environment, and carries out the returned actions itself.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sieve/actions.hpp"
#include "sieve/diagnostics.hpp"
#include "sieve/environment.hpp"
#include "sieve/program.hpp"
#include "sieve/runtime.hpp"
#include "sieve/settings.hpp"

namespace roost::sieve {

struct CompileResult {
    std::shared_ptr<const Program> program;  // null when the script has errors
    Diagnostics diagnostics;

    bool ok() const { return program != nullptr; }
};

// Compiles a script. Includes are read through `loader` (nullptr: none exist). Errors and
// warnings are in diagnostics, with line:column positions.
CompileResult compile(std::string_view script, const Settings& settings,
                      Environment* loader = nullptr);

struct RunOptions {
    TraceSink trace;
    TraceLevel trace_level = TraceLevel::None;
};

// Runs a compiled program against one message. Never fails: a run-time error gives a result
// with failed set, the error, and only the keep to INBOX.
RunResult run(const Program& program, std::string_view message, const Envelope& envelope,
              Environment& env, const Settings& settings, const RunOptions& options = {});

}  // namespace roost::sieve
