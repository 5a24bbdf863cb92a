// ServicePlan: what the master runs.
#include "master/service_plan.hpp"

#include <unistd.h>

#include <cstdlib>

#include "config/value_parse.hpp"
#include "core/strings.hpp"
#include "roost_build_config.hpp"

namespace roost::master {
namespace {

using config::Config;

bool executable_file(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// Where each program sits in a build tree, for running Roost from the checkout.
const std::pair<const char*, const char*> kBuildTree[] = {
    {"roost-auth", "src/auth/service/roost-auth"},
    {"roost-pop3-login", "src/pop3/login/roost-pop3-login"},
    {"roost-pop3", "src/pop3/worker/roost-pop3"},
    {"roost-imap-login", "src/imap/login/roost-imap-login"},
    {"roost-imap", "src/imap/worker/roost-imap"},
    {"roost-managesieve-login", "src/managesieve/login/roost-managesieve-login"},
    {"roost-managesieve", "src/managesieve/worker/roost-managesieve"},
    {"roost-lmtp", "src/lmtp/roost-lmtp"},
    {"roost-submission-login", "src/submission/login/roost-submission-login"},
    {"roost-submission", "src/submission/worker/roost-submission"},
};

std::vector<ListenerPlan> listeners_of(const config::Section& service, const Config& cfg)
{
    std::vector<ListenerPlan> out;
    const std::string base_dir = cfg.get("base_dir");
    for (const config::Section& l : service.children) {
        if (l.type == "unix_listener") {
            ListenerPlan p;
            p.name = l.name;
            p.path = l.name[0] == '/' ? l.name : base_dir + "/" + l.name;
            p.mode = config::parse_mode(Config::section_value(l, "mode")).value_or(0600);
            p.owner = Config::section_value(l, "user");
            p.group = Config::section_value(l, "group");
            out.push_back(std::move(p));
        } else if (l.type == "inet_listener") {
            const unsigned port = static_cast<unsigned>(config::parse_uint(Config::section_value(l, "port")).value_or(0));
            if (port == 0) {
                continue;  // port 0 turns a listener off
            }
            std::string addresses = Config::section_value(l, "address");
            if (addresses.empty()) {
                addresses = cfg.get("listen");
            }
            for (const std::string& address : config::parse_words(addresses)) {
                ListenerPlan p;
                p.unix_socket = false;
                p.name = l.name;
                p.address = address;
                p.port = static_cast<unsigned short>(port);
                p.ssl = config::parse_bool(Config::section_value(l, "ssl")).value_or(false);
                p.reuse_port = config::parse_bool(Config::section_value(l, "reuse_port")).value_or(false);
                out.push_back(std::move(p));
            }
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> find_program(const std::string& name)
{
    if (name.empty()) {
        return std::nullopt;
    }
    if (name[0] == '/') {
        return executable_file(name) ? std::optional(name) : std::nullopt;
    }
    std::vector<std::string> names{name};
    if (name.rfind("roost-", 0) != 0) {
        names.insert(names.begin(), "roost-" + name);
    }
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("ROOST_LIBEXEC_DIR")) {
        dirs.emplace_back(env);
    }
    dirs.emplace_back(ROOST_LIBEXECDIR);
    for (const std::string& n : names) {
        for (const std::string& d : dirs) {
            if (executable_file(d + "/" + n)) {
                return d + "/" + n;
            }
        }
        for (const auto& [program, relative] : kBuildTree) {
            const std::string path = std::string(ROOST_BUILD_ROOT) + "/" + relative;
            if (n == program && executable_file(path)) {
                return path;
            }
        }
    }
    return std::nullopt;
}

Plan make_plan(const Config& cfg, const ProgramFinder& find)
{
    Plan plan;
    const std::vector<std::string> protocols = cfg.get_list("protocols");
    const auto enabled = [&](const std::string& protocol) {
        return protocol.empty() || std::find(protocols.begin(), protocols.end(), protocol) != protocols.end();
    };
    for (const config::Section& s : cfg.services()) {
        if (!enabled(Config::section_value(s, "protocol"))) {
            continue;
        }
        const std::vector<std::string> words = config::parse_words(Config::section_value(s, "executable"));
        if (words.empty()) {
            plan.skipped.push_back(s.name + ": no executable");
            continue;
        }
        const auto program = find(words[0]);
        if (!program) {
            plan.skipped.push_back(s.name + ": its program " + words[0] + " is not built yet");
            continue;
        }
        ServicePlan p;
        p.name = s.name;
        p.executable = *program;
        p.arguments.assign(words.begin() + 1, words.end());
        p.user = Config::section_value(s, "user");
        p.processes = static_cast<unsigned>(std::max<std::uint64_t>(1, config::parse_uint(Config::section_value(s, "process_min_avail")).value_or(0)));
        const std::uint64_t limit = config::parse_uint(Config::section_value(s, "process_limit")).value_or(0);
        if (limit > 0) {
            p.processes = std::min<unsigned>(p.processes, static_cast<unsigned>(limit));
        }
        p.vsz_limit = config::parse_size(Config::section_value(s, "vsz_limit")).value_or(0);
        if (p.vsz_limit == 0) {
            p.vsz_limit = cfg.get_size("default_vsz_limit");
        }
        p.listeners = listeners_of(s, cfg);
        plan.services.push_back(std::move(p));
    }
    return plan;
}

}  // namespace roost::master
