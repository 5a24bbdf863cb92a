// Test helper: loads a configuration held in memory.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace roost::config::testing {

struct Loaded {
    LoadResult result;

    const Config& config() const { return *result.config; }
    std::vector<std::string> messages(Diagnostic::Severity severity) const
    {
        std::vector<std::string> out;
        for (const auto& d : result.diagnostics) {
            if (d.severity == severity) {
                out.push_back(d.str());
            }
        }
        return out;
    }
    std::vector<std::string> errors() const { return messages(Diagnostic::Severity::Error); }
    std::vector<std::string> notices() const { return messages(Diagnostic::Severity::Notice); }
    bool has(Diagnostic::Severity severity, const std::string& needle) const
    {
        const auto all = messages(severity);
        return std::any_of(all.begin(), all.end(),
                           [&](const std::string& m) { return m.find(needle) != std::string::npos; });
    }
};

inline Loaded load_text(const std::string& text, MemoryFileSource files = {},
                        const LoadOptions& options = {})
{
    files.add("/etc/roost/roost.conf", text);
    return Loaded{load_config("/etc/roost/roost.conf", files, options)};
}

}  // namespace roost::config::testing
