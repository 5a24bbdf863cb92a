// The compiled form of a Sieve script: a tree of typed command and test objects built by the
// validator (one class per command / test, in the cmd_ and tst_ files), run by the Runtime.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sieve/diagnostics.hpp"
#include "sieve/environment.hpp"

namespace roost::sieve {

class Runtime;

// How a command ended: go on, or unwind to where the flow resumes.
enum class Flow {
    Next,    // continue with the next command
    Stop,    // stop: end every script
    Return,  // include's return: end the current script
    Break,   // foreverypart's break: end the loop named Runtime::break_name()
    Error,   // a run-time error, recorded in the Runtime
};

enum class Truth { False, True, Error };

inline Truth truth(bool b)
{
    return b ? Truth::True : Truth::False;
}

class Command {
public:
    explicit Command(Position pos) : pos_(pos) {}
    virtual ~Command() = default;
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;

    virtual Flow execute(Runtime& rt) const = 0;
    // The command's name for traces.
    virtual std::string_view name() const = 0;
    Position pos() const { return pos_; }

private:
    Position pos_;
};

class Test {
public:
    explicit Test(Position pos) : pos_(pos) {}
    virtual ~Test() = default;
    Test(const Test&) = delete;
    Test& operator=(const Test&) = delete;

    virtual Truth evaluate(Runtime& rt) const = 0;
    virtual std::string_view name() const = 0;
    Position pos() const { return pos_; }

private:
    Position pos_;
};

using Block = std::vector<std::unique_ptr<Command>>;

// Runs the commands of a block in order; returns the first Flow other than Next.
Flow run_block(const Block& block, Runtime& rt);
// Evaluates a test, counting it against the CPU budget and tracing it.
Truth run_test(const Test& test, Runtime& rt);

struct CompiledScript {
    std::string name;  // "" for the main script
    ScriptLocation location = ScriptLocation::Personal;
    Block commands;
    std::size_t local_variables = 0;     // slots of this script's variables
    std::set<std::string> capabilities;  // what it required
};

// A main script with every script it includes, compiled.
struct Program {
    std::unique_ptr<CompiledScript> main;
    // Included scripts by include_key(); a null entry is an :optional script that is missing.
    std::map<std::string, std::unique_ptr<CompiledScript>> includes;
};

std::string include_key(ScriptLocation location, std::string_view name);

}  // namespace roost::sieve
