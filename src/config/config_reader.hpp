// ConfigReader: reads a Dovecot-syntax configuration from its top file through a FileSource,
// following !include / !include_try (with globs, relative to the including file), merging named
// sections, expanding $key at parse time and keeping %variables for run time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_tree.hpp"
#include "config/file_source.hpp"
#include "config/location.hpp"

namespace roost::config {

// What the reader needs to know about the schema, kept abstract so the reader stays generic.
struct ReaderPolicy {
    // Whether a second "type name {" in the same parent extends the first one (true), or
    // starts another instance (false, e.g. unnamed passdb blocks).
    std::function<bool(std::string_view type, std::string_view name)> merges;
    // Filters are sections whose settings override the globals in some context
    // (protocol, local, remote, local_name).
    std::function<bool(std::string_view type)> is_filter;
    // The default of a global setting, for "$key" of a key not set yet; nullopt if unknown.
    std::function<std::optional<std::string>(std::string_view key)> default_value;
};

struct ReadResult {
    Section root;
    std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order
    std::vector<std::string> files;       // every file read, in order

    bool has_errors() const;
};

ReadResult read_config(const std::string& path, FileSource& files, const ReaderPolicy& policy);

// The directory part of a path ("." for a bare name).
std::string directory_of(const std::string& path);
// path made absolute against base_dir unless it already is.
std::string resolve_path(const std::string& base_dir, const std::string& path);

}  // namespace roost::config
