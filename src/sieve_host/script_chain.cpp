#include "sieve_host/script_chain.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>

#include "core/strings.hpp"

namespace roost::sieve_host {
namespace {

struct Location {
    std::string path;    // the file or directory named
    std::string active;  // ;active= (only for the personal location)
    bool supported = true;
};

std::string expand_home(std::string_view path, const std::string& home)
{
    if (path == "~") {
        return home;
    }
    if (path.starts_with("~/")) {
        return home + std::string(path.substr(1));
    }
    return std::string(path);
}

// "file:~/sieve;active=~/.dovecot.sieve", "~/.dovecot.sieve", "dict:..." (unsupported).
Location parse_location(std::string_view text, const std::string& home)
{
    Location loc;
    std::string_view body = trim(text);
    const auto colon = body.find(':');
    const auto slash = body.find('/');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
        if (body.substr(0, colon) != "file") {
            loc.supported = false;
            return loc;
        }
        body.remove_prefix(colon + 1);
    }
    const std::vector<std::string_view> parts = split(body, ';');
    loc.path = expand_home(parts.front(), home);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (parts[i].starts_with("active=")) {
            loc.active = expand_home(parts[i].substr(7), home);
        }
    }
    return loc;
}

// A before/after location: one file, or every *.sieve in a directory in byte order.
void add_sequence(const std::string& text, const std::string& home, const FileProbe& probe,
                  std::vector<std::string>& out, std::vector<std::string>& warnings)
{
    if (trim(text).empty()) {
        return;
    }
    const Location loc = parse_location(text, home);
    if (!loc.supported) {
        warnings.push_back("unsupported script location " + text);
        return;
    }
    if (probe.is_dir(loc.path)) {
        std::vector<std::string> names = probe.list_dir(loc.path);
        std::sort(names.begin(), names.end());
        for (const std::string& n : names) {
            if (n.size() > 6 && n.ends_with(".sieve") && probe.is_file(loc.path + "/" + n)) {
                out.push_back(loc.path + "/" + n);
            }
        }
    } else if (probe.is_file(loc.path)) {
        out.push_back(loc.path);
    } else {
        warnings.push_back("script location " + loc.path + " does not exist");
    }
}

}  // namespace

FileProbe system_file_probe()
{
    FileProbe p;
    p.is_file = [](const std::string& path) {
        struct stat st {};
        return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    };
    p.is_dir = [](const std::string& path) {
        struct stat st {};
        return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    };
    p.list_dir = [](const std::string& path) {
        std::vector<std::string> names;
        if (DIR* d = ::opendir(path.c_str())) {
            while (const dirent* e = ::readdir(d)) {
                names.emplace_back(e->d_name);
            }
            ::closedir(d);
        }
        return names;
    };
    return p;
}

ScriptChain resolve_script_chain(const ScriptSettings& settings, const std::string& home, const FileProbe& probe)
{
    ScriptChain chain;
    for (const std::string& b : settings.before) {
        add_sequence(b, home, probe, chain.before, chain.warnings);
    }
    for (const std::string& a : settings.after) {
        add_sequence(a, home, probe, chain.after, chain.warnings);
    }
    if (!trim(settings.sieve_global).empty()) {
        chain.global_dir = parse_location(settings.sieve_global, home).path;
    }
    if (!trim(settings.sieve_dir).empty()) {
        chain.personal_dir = expand_home(trim(settings.sieve_dir), home);
    }

    // The personal location: a directory with ;active=, a file, or a directory alone (then
    // the active script is not known and none runs, as in Pigeonhole).
    if (!trim(settings.sieve).empty()) {
        const Location loc = parse_location(settings.sieve, home);
        if (!loc.supported) {
            chain.warnings.push_back("unsupported script location " + settings.sieve);
        } else if (!loc.active.empty()) {
            chain.active_link = loc.active;
            if (chain.personal_dir.empty()) {
                chain.personal_dir = loc.path;
            }
            if (probe.is_file(loc.active)) {
                chain.personal = loc.active;
            }
        } else if (probe.is_dir(loc.path)) {
            if (chain.personal_dir.empty()) {
                chain.personal_dir = loc.path;
            }
        } else {
            // The older form: the active script's path itself, scripts in sieve_dir.
            chain.active_link = loc.path;
            if (probe.is_file(loc.path)) {
                chain.personal = loc.path;
            }
        }
    }
    if (chain.personal.empty() && !trim(settings.sieve_default).empty()) {
        const Location loc = parse_location(settings.sieve_default, home);
        if (loc.supported && probe.is_file(loc.path)) {
            chain.personal = loc.path;
            chain.personal_is_default = true;
        }
    }
    return chain;
}

}  // namespace roost::sieve_host
