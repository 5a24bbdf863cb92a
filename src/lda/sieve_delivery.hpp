// Runs a delivery's script chain (script_chain.hpp) against the message the way Pigeonhole
// runs sieve_before / personal / sieve_after: each script runs while the message is still
// being kept, so a script that files, redirects, rejects or discards the message ends the
// chain; explicit actions of every script that ran are carried out; editheader changes pass
// on to the next script. A script that does not compile is skipped with an error in the log;
// a run-time error keeps the message in INBOX (the engine's rule) and ends the chain.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sieve_host/script_chain.hpp"
#include "sieve/sieve.hpp"

namespace roost::lda {

struct SieveDecision {
    std::vector<sieve::Action> actions;  // in order; the final implicit keep, if any, last
    std::vector<sieve::DuplicateMark> duplicate_marks;
    std::shared_ptr<const std::string> edited_message;  // null when no script changed it
    std::vector<std::string> errors;     // compile and run-time errors, "path: line:col: why"
    std::vector<std::string> scripts_run;
};

// For a process that delivers one message and exits (roost-lda, not roost-lmtp): from then on
// the compiled scripts are left for the exit to free. Freeing a 500-rule script node by node
// was 8% of a Sieve delivery's instructions (callgrind), and the kernel takes the pages back at
// exit anyway.
void keep_scripts_until_exit();

SieveDecision run_script_chain(const sieve_host::ScriptChain& chain, std::string_view message,
                               const sieve::Envelope& envelope, sieve::Environment& env,
                               const sieve::Settings& settings);

}  // namespace roost::lda
