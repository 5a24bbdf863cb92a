// Listening sockets inherited from the master.
#include "net/inherited_listeners.hpp"

#include <fcntl.h>

#include <cstdlib>

#include "core/strings.hpp"

namespace roost::net {

std::string format_listeners(const std::vector<InheritedListener>& listeners)
{
    std::string out;
    for (const InheritedListener& l : listeners) {
        if (!out.empty()) {
            out += ';';
        }
        out += std::to_string(l.fd) + ":" + l.kind + ":" + l.name + (l.ssl ? ":ssl" : "");
    }
    return out;
}

Result<std::vector<InheritedListener>> parse_listeners(std::string_view text)
{
    std::vector<InheritedListener> out;
    if (text.empty()) {
        return out;
    }
    for (std::string_view item : split(text, ';')) {
        const auto parts = split(item, ':');
        if (parts.size() < 3 || (parts[1] != "unix" && parts[1] != "inet")) {
            return Error{std::make_error_code(std::errc::invalid_argument), "bad listener in ROOST_LISTENERS: " + std::string(item)};
        }
        InheritedListener l;
        l.fd = std::atoi(std::string(parts[0]).c_str());
        l.kind = std::string(parts[1]);
        l.name = std::string(parts[2]);
        l.ssl = parts.size() > 3 && parts[3] == "ssl";
        if (l.fd < 3 || ::fcntl(l.fd, F_GETFD) < 0) {
            return Error{std::make_error_code(std::errc::bad_file_descriptor), "ROOST_LISTENERS names a closed descriptor: " + std::string(item)};
        }
        ::fcntl(l.fd, F_SETFD, FD_CLOEXEC);  // ours now; not for our own children
        out.push_back(std::move(l));
    }
    return out;
}

Result<std::vector<InheritedListener>> inherited_listeners()
{
    const char* env = std::getenv(std::string(kListenersEnv).c_str());
    return parse_listeners(env == nullptr ? "" : env);
}

}  // namespace roost::net
