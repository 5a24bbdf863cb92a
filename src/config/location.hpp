// Where a setting or section came from, so every message can name file:line.
#pragma once

#include <string>

namespace roost::config {

struct Location {
    std::string file;
    int line = 0;

    std::string str() const { return line > 0 ? file + ":" + std::to_string(line) : file; }
    bool known() const { return !file.empty(); }
};

// A finding about the configuration. Errors stop start-up; warnings and notices are logged.
struct Diagnostic {
    enum class Severity { Error, Warning, Notice };
    Severity severity = Severity::Error;
    Location where;
    std::string message;

    // "file:line: message" (or just the message when no location is known).
    std::string str() const { return where.known() ? where.str() + ": " + message : message; }
};

}  // namespace roost::config
