// roostconf: reads Roost's configuration and prints it (like doveconf): -n what differs from the
// defaults, -a everything, -d the defaults, -h KEY one value, --json for programs. Exits 0 when
// the configuration is valid and 1 with "file:line: message" lines when it is not.
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/dump.hpp"
#include "config/reference.hpp"
#include "roost_build_config.hpp"

namespace po = boost::program_options;
using namespace roost::config;

namespace {

constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

std::string default_config_path()
{
    if (const char* env = std::getenv("ROOST_CONFIG")) {
        return env;
    }
    return std::string(ROOST_SYSCONFDIR) + "/roost.conf";
}

std::string_view severity_name(Diagnostic::Severity s)
{
    switch (s) {
    case Diagnostic::Severity::Error: return "";
    case Diagnostic::Severity::Warning: return "Warning: ";
    case Diagnostic::Severity::Notice: return "Notice: ";
    }
    return "";
}

nlohmann::json to_json(const DumpSection& s)
{
    nlohmann::json settings = nlohmann::json::object();
    for (const DumpEntry& e : s.settings) {
        settings[e.key] = e.hidden ? nlohmann::json(nullptr) : nlohmann::json(e.value);
    }
    nlohmann::json sections = nlohmann::json::array();
    for (const DumpSection& c : s.children) {
        nlohmann::json j = to_json(c);
        j["type"] = c.type;
        j["name"] = c.name;
        sections.push_back(std::move(j));
    }
    return {{"settings", settings}, {"sections", sections}};
}

nlohmann::json diagnostics_json(const std::vector<Diagnostic>& diags)
{
    nlohmann::json out = nlohmann::json::array();
    for (const Diagnostic& d : diags) {
        const char* severity = d.severity == Diagnostic::Severity::Error     ? "error"
                               : d.severity == Diagnostic::Severity::Warning ? "warning"
                                                                             : "notice";
        out.push_back({{"severity", severity}, {"file", d.where.file}, {"line", d.where.line},
                       {"message", d.message}});
    }
    return out;
}

// Parses "-f protocol=imap" style filters.
bool apply_filter(const std::string& spec, FilterContext& ctx)
{
    const std::size_t eq = spec.find('=');
    if (eq == std::string::npos) {
        return false;
    }
    const std::string key = spec.substr(0, eq);
    const std::string value = spec.substr(eq + 1);
    if (key == "protocol" || key == "service") {
        ctx.protocol = value;
    } else if (key == "local") {
        ctx.local_ip = value;
    } else if (key == "remote") {
        ctx.remote_ip = value;
    } else if (key == "local_name") {
        ctx.local_name = value;
    } else {
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv)
{
    po::options_description opts("Usage: roostconf [options] [KEY...]\nOptions");
    opts.add_options()
        ("help", "show this help")
        ("version", "show Roost's version")
        ("config,c", po::value<std::string>()->default_value(default_config_path()), "configuration file")
        ("non-default,n", "print only settings that differ from their defaults")
        ("all,a", "print every setting (the default)")
        ("defaults,d", "print the defaults, ignoring the configuration")
        ("hide-key,h", "print only the value of each KEY given")
        ("show-secrets,P", "print secrets (keys, passwords) instead of hiding them")
        ("json", "print as JSON, with the configuration's diagnostics")
        ("quiet,q", "do not print notices about ignored Dovecot settings")
        ("filter,f", po::value<std::vector<std::string>>(), "show values for a context: protocol=imap, local=IP, remote=IP, local_name=HOST")
        ("override,o", po::value<std::vector<std::string>>(), "override a setting: key=value or plugin/key=value")
        ("reference", "print the settings reference (Markdown) and exit")
        ("key", po::value<std::vector<std::string>>(), "settings to print");
    po::positional_options_description pos;
    pos.add("key", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "roostconf: " << e.what() << "\n" << opts;
        return kExitUsage;
    }
    if (vm.count("help")) {
        std::cout << opts
                  << "\nExit status: 0 valid configuration, 1 invalid (errors as file:line: message), 2 usage.\n";
        return 0;
    }
    if (vm.count("reference")) {
        std::cout << settings_reference_markdown();
        return 0;
    }
    if (vm.count("version")) {
        std::cout << "roost " << ROOST_VERSION << "\n";
        return 0;
    }

    LoadOptions load_options;
    if (vm.count("override")) {
        for (const std::string& o : vm["override"].as<std::vector<std::string>>()) {
            const std::size_t eq = o.find('=');
            if (eq == std::string::npos || eq == 0) {
                std::cerr << "roostconf: -o needs key=value: " << o << "\n";
                return kExitUsage;
            }
            load_options.overrides.emplace_back(o.substr(0, eq), o.substr(eq + 1));
        }
    }
    DumpOptions dump_options;
    dump_options.mode = vm.count("defaults") ? DumpMode::Defaults
                        : vm.count("non-default") ? DumpMode::NonDefault
                                                  : DumpMode::All;
    dump_options.show_secrets = vm.count("show-secrets") > 0;
    if (vm.count("filter")) {
        for (const std::string& f : vm["filter"].as<std::vector<std::string>>()) {
            if (!apply_filter(f, dump_options.context)) {
                std::cerr << "roostconf: unknown filter " << f << " (use protocol=, local=, remote=, local_name=)\n";
                return kExitUsage;
            }
        }
    }

    const std::string path = vm["config"].as<std::string>();
    const bool json = vm.count("json") > 0;
    const bool quiet = vm.count("quiet") > 0;
    LoadResult loaded = load_config(path, load_options);

    if (!json) {
        for (const Diagnostic& d : loaded.diagnostics) {
            if (quiet && d.severity == Diagnostic::Severity::Notice) {
                continue;
            }
            std::cerr << (d.where.known() ? d.where.str() + ": " : std::string())
                      << severity_name(d.severity) << d.message << "\n";
        }
    }
    if (!loaded.ok()) {
        if (json) {
            // What was read, so tools can tell which lines were taken and which were refused.
            nlohmann::json j = to_json(dump_tree(loaded.tree, dump_options.show_secrets));
            j["file"] = path;
            j["valid"] = false;
            j["diagnostics"] = diagnostics_json(loaded.diagnostics);
            std::cout << j.dump(2) << "\n";
        }
        return kExitInvalid;
    }

    const Config& config = *loaded.config;
    if (vm.count("key")) {
        int status = 0;
        for (const std::string& key : vm["key"].as<std::vector<std::string>>()) {
            std::string value;
            if (key.rfind("plugin/", 0) == 0) {
                value = config.plugin(key.substr(7), dump_options.context);
            } else if (global_setting(key) != nullptr) {
                value = config.get(key, dump_options.context);
            } else {
                std::cerr << "roostconf: Unknown setting: " << key << "\n";
                status = kExitInvalid;
                continue;
            }
            if (json) {
                std::cout << nlohmann::json{{key, value}}.dump() << "\n";
            } else if (vm.count("hide-key")) {
                std::cout << value << "\n";
            } else {
                std::cout << key << " = " << quote_value(value) << "\n";
            }
        }
        return status;
    }

    const DumpSection dump = build_dump(config, dump_options);
    if (json) {
        nlohmann::json j = to_json(dump);
        j["file"] = path;
        j["valid"] = true;
        j["diagnostics"] = diagnostics_json(loaded.diagnostics);
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << render_text(dump, "roost " ROOST_VERSION ": " + path);
    }
    return 0;
}
