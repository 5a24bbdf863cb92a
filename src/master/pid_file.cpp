// The master's pid file.
#include "master/pid_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace roost::master {

std::optional<pid_t> running_master(const std::string& path)
{
    std::ifstream in(path);
    long pid = 0;
    if (!(in >> pid) || pid <= 1) {
        return std::nullopt;
    }
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) {
        return std::nullopt;  // stale: left by a master that died
    }
    // A recycled pid belongs to something else: only a process named roost counts.
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(comm, name);
    if (name != "roost") {
        return std::nullopt;
    }
    return static_cast<pid_t>(pid);
}

Result<void> claim_pid_file(const std::string& path)
{
    if (const auto other = running_master(path); other && *other != ::getpid()) {
        return Error{std::make_error_code(std::errc::device_or_resource_busy),
                     "Roost is already running with pid " + std::to_string(*other) + " (" + path + ")"};
    }
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << ::getpid() << "\n";
        if (!out) {
            return errno_error("write " + tmp);
        }
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        return errno_error("rename " + tmp);
    }
    return {};
}

void release_pid_file(const std::string& path)
{
    if (running_master(path) == ::getpid()) {
        ::unlink(path.c_str());
    }
}

}  // namespace roost::master
