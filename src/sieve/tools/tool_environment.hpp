// ToolEnvironment: the host side of the Sieve engine for the command-line tools: included
// scripts come from directories, mailboxes and environment items from options, the clock
// from the system or a fixed time, duplicate and vacation history from nothing (a dry run).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sieve/environment.hpp"
#include "sieve/settings.hpp"

namespace roost::sieve::tools {

class ToolEnvironment : public Environment {
public:
    std::string personal_dir;  // where "include :personal" scripts are (NAME.sieve)
    std::string global_dir;    // where "include :global" scripts are
    std::set<std::string> mailboxes{"INBOX"};
    std::optional<Now> fixed_now;
    std::vector<std::pair<std::string, std::string>> items;  // environment items
    std::set<std::string> seen_duplicates;                   // keys answered "seen"
    std::set<std::string> vacation_sent;                     // keys answered "sent"

    bool mailbox_exists(std::string_view mailbox) override;
    bool duplicate_seen(std::string_view key, std::int64_t period) override;
    bool vacation_responded(std::string_view key) override;
    Result<std::optional<std::string>> load_script(ScriptLocation location,
                                                   std::string_view name) override;
    std::optional<std::string> environment_item(std::string_view name) override;
    Now now() override;
};

// Reads a whole file; nullopt when it cannot be opened.
std::optional<std::string> read_file(const std::string& path);

// The directory part of a path ("." when there is none).
std::string dir_of(const std::string& path);

}  // namespace roost::sieve::tools
