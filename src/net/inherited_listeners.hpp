// Listening sockets a service inherits from the master, which binds them while it is root. The
// master names them in ROOST_LISTENERS ("fd:kind:name[:ssl];..."); a service started by hand
// finds none there and binds its own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::net {

struct InheritedListener {
    int fd = -1;
    std::string kind;  // "unix" or "inet"
    std::string name;  // the unix socket path or the inet_listener's name
    bool ssl = false;
};

constexpr std::string_view kListenersEnv = "ROOST_LISTENERS";

std::string format_listeners(const std::vector<InheritedListener>& listeners);
Result<std::vector<InheritedListener>> parse_listeners(std::string_view text);
// The listeners in this process's environment; empty when not started by the master.
Result<std::vector<InheritedListener>> inherited_listeners();

}  // namespace roost::net
