// Diagnostics: the errors and warnings found while compiling a Sieve script, each at a
// line:column position, collected so that one run reports several of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace roost::sieve {

// A place in a script: 1-based line and column (columns count bytes).
struct Position {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    bool operator==(const Position&) const = default;
};

struct Diagnostic {
    Position pos;
    std::string message;
    bool warning = false;
    std::string script;  // the script it concerns when not the main one (an included script)
};

class Diagnostics {
public:
    explicit Diagnostics(std::size_t max_errors = 30) : max_errors_(max_errors) {}

    void error(Position pos, std::string message);
    void warning(Position pos, std::string message);

    std::size_t error_count() const { return errors_; }
    bool has_errors() const { return errors_ > 0; }
    // True once max_errors errors were recorded: further errors are dropped and the caller may
    // stop early.
    bool full() const { return errors_ >= max_errors_; }
    const std::vector<Diagnostic>& list() const { return list_; }

    // The script name put on diagnostics added from now on ("" for the main script).
    void set_script(std::string name) { script_ = std::move(name); }
    const std::string& script() const { return script_; }

    // "name:line:column: error: message" lines (the name is the diagnostic's own script when
    // it has one, else main_name), one per diagnostic, in the order they were found.
    std::string format(std::string_view main_name) const;

private:
    std::vector<Diagnostic> list_;
    std::size_t errors_ = 0;
    std::size_t max_errors_;
    std::string script_;
};

}  // namespace roost::sieve
