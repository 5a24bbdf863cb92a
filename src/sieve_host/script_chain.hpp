// Which Sieve scripts a delivery runs, from the plugin settings Pigeonhole reads: the admin's
// sieve_before scripts, the user's active script (or sieve_default when the user has none),
// then the sieve_after scripts. Locations are file paths or "file:PATH;active=PATH".
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace roost::sieve_host {

struct ScriptSettings {
    std::string sieve;          // plugin { sieve }: the active script or file:DIR;active=PATH
    std::string sieve_dir;      // older form of the script directory
    std::string sieve_default;  // sieve_default or its older name sieve_global_path
    std::string sieve_global;   // sieve_global or sieve_global_dir
    std::vector<std::string> before;  // sieve_before, sieve_before2, ...
    std::vector<std::string> after;
};

struct ScriptChain {
    std::vector<std::string> before;  // script files, in order
    std::string personal;             // the user's active script or sieve_default; "" for none
    bool personal_is_default = false;
    std::vector<std::string> after;
    std::string personal_dir;  // where include :personal looks and ManageSieve stores ("" unknown)
    std::string active_link;   // the active script's path (a symlink ManageSieve sets), "" unknown
    std::string global_dir;    // where include :global looks
    std::vector<std::string> warnings;  // locations that could not be used, for the log

    bool empty() const { return before.empty() && personal.empty() && after.empty(); }
};

// What the resolver asks the file system (tests fake it).
struct FileProbe {
    std::function<bool(const std::string&)> is_file;
    std::function<bool(const std::string&)> is_dir;
    // The names in a directory, any order.
    std::function<std::vector<std::string>(const std::string&)> list_dir;
};
FileProbe system_file_probe();

// Resolves the chain for a user whose home is `home` (for "~/").
ScriptChain resolve_script_chain(const ScriptSettings& settings, const std::string& home,
                                 const FileProbe& probe = system_file_probe());

}  // namespace roost::sieve_host
