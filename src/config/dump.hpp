// Dump: the configuration as roostconf prints it (-n non-defaults, -a everything, -d defaults),
// first as a neutral tree (rendered as text here, as JSON by roostconf), then as config text.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace roost::config {

enum class DumpMode { NonDefault, All, Defaults };

struct DumpOptions {
    DumpMode mode = DumpMode::NonDefault;
    bool show_secrets = false;  // -P
    FilterContext context;      // -f: global values as a session in this context sees them
};

struct DumpEntry {
    std::string key;
    std::string value;     // "<path" for values read from a file
    bool hidden = false;   // a secret not shown
};

struct DumpSection {
    std::string type;
    std::string name;
    bool filter = false;
    std::vector<DumpEntry> settings;
    std::vector<DumpSection> children;
};

DumpSection build_dump(const Config& config, const DumpOptions& options);
// Exactly what was read, without defaults or validation: for configurations with errors.
DumpSection dump_tree(const Section& root, bool show_secrets);

// Config text that reads back to the same values; `header` becomes a leading comment line.
std::string render_text(const DumpSection& root, const std::string& header);

// A value as it must be written in a config file (quoted when needed).
std::string quote_value(const std::string& value);

}  // namespace roost::config
