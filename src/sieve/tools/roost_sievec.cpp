// roost-sievec: compiles Sieve scripts and reports their errors as file:line:column: message
// (what Pigeonhole's sievec checks; no binary is written, Roost compiles scripts on load).
//   roost-sievec [-x EXTENSIONS] [-o KEY=VALUE]... SCRIPT...
#include <iostream>
#include <string>
#include <vector>

#include "sieve/settings_parse.hpp"
#include "sieve/sieve.hpp"
#include "sieve/tools/tool_environment.hpp"

namespace {

void usage()
{
    std::cerr
        << "usage: roost-sievec [-x EXTENSIONS] [-o KEY=VALUE]... [-g GLOBAL_DIR] SCRIPT...\n";
}

}  // namespace

int main(int argc, char** argv)
{
    using namespace roost::sieve;
    Settings settings;
    std::vector<std::string> scripts;
    std::string global_dir;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "-x" || arg == "-o" || arg == "-g") && i + 1 < argc) {
            const std::string value = argv[++i];
            if (arg == "-g") {
                global_dir = value;
                continue;
            }
            const std::size_t eq = value.find('=');
            const std::string key = arg == "-x" ? "sieve_extensions" : value.substr(0, eq);
            const std::string val =
                arg == "-x" ? value : (eq == std::string::npos ? "" : value.substr(eq + 1));
            auto r = apply_setting(settings, key, val);
            if (!r) {
                std::cerr << "roost-sievec: " << r.error().message << "\n";
                return 64;
            }
            if (!*r && key == "sieve_global_dir") {
                global_dir = val;
            } else if (!*r) {
                std::cerr << "roost-sievec: unknown setting " << key << "\n";
                return 64;
            }
        } else if (arg == "-h" || arg == "--help") {
            usage();
            return 0;
        } else if (!arg.empty() && arg[0] == '-') {
            usage();
            return 64;
        } else {
            scripts.push_back(arg);
        }
    }
    if (scripts.empty()) {
        usage();
        return 64;
    }
    int status = 0;
    for (const std::string& path : scripts) {
        const auto text = tools::read_file(path);
        if (!text) {
            std::cerr << path << ": cannot read the script\n";
            status = 1;
            continue;
        }
        tools::ToolEnvironment env;
        env.personal_dir = tools::dir_of(path);
        env.global_dir = global_dir;
        const CompileResult r = compile(*text, settings, &env);
        std::cerr << r.diagnostics.format(path);
        if (!r.ok()) {
            status = 1;
        }
    }
    return status;
}
