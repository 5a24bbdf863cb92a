// Listening sockets.
#include "net/listen.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace roost::net {
namespace {

Result<sockaddr_un> unix_address(const std::string& path)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
        return Error{std::make_error_code(std::errc::filename_too_long),
                     "unix socket path too long (max " + std::to_string(sizeof(addr.sun_path) - 1) +
                         " bytes): " + path};
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

// True when something accepts connections at path.
bool someone_listens(const sockaddr_un& addr)
{
    UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!probe) {
        return false;
    }
    return ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0;
}

}  // namespace

Result<UniqueFd> listen_unix(const UnixListenerSpec& spec)
{
    auto addr = unix_address(spec.path);
    if (!addr) {
        return addr.error();
    }
    // Sockets in a subdirectory of base_dir (login/login, login/imap) get it made: 0755, so
    // chrooted login processes can reach them.
    if (const auto slash = spec.path.rfind('/'); slash != std::string::npos && slash > 0) {
        const std::string dir = spec.path.substr(0, slash);
        if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
            return errno_error("mkdir " + dir);
        }
    }
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        return errno_error("socket(AF_UNIX)");
    }
    // Create it with no permissions at all, then open it up: no window with a wider mode.
    const mode_t old_umask = ::umask(0777);
    int rc = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*addr), sizeof(*addr));
    if (rc != 0 && errno == EADDRINUSE) {
        if (someone_listens(*addr)) {
            ::umask(old_umask);
            errno = EADDRINUSE;
            return errno_error("bind(" + spec.path + "): another process is listening there");
        }
        ::unlink(spec.path.c_str());  // stale: left behind by a process that died
        rc = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*addr), sizeof(*addr));
    }
    ::umask(old_umask);
    if (rc != 0) {
        return errno_error("bind(" + spec.path + ")");
    }
    if ((spec.owner || spec.group) &&
        ::chown(spec.path.c_str(), spec.owner.value_or(static_cast<uid_t>(-1)),
                spec.group.value_or(static_cast<gid_t>(-1))) != 0) {
        return errno_error("chown(" + spec.path + ")");
    }
    if (::chmod(spec.path.c_str(), spec.mode) != 0) {
        return errno_error("chmod(" + spec.path + ")");
    }
    if (::listen(fd.get(), spec.backlog) != 0) {
        return errno_error("listen(" + spec.path + ")");
    }
    return fd;
}

Result<UniqueFd> listen_tcp(const TcpListenerSpec& spec)
{
    sockaddr_storage ss{};
    socklen_t len = 0;
    int family = AF_INET;
    const std::string& a = spec.address;
    if (a.empty() || a == "*" || a == "0.0.0.0") {
        auto* in = reinterpret_cast<sockaddr_in*>(&ss);
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_ANY);
        in->sin_port = htons(spec.port);
        len = sizeof(sockaddr_in);
    } else if (a == "::" || a.find(':') != std::string::npos) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&ss);
        in6->sin6_family = AF_INET6;
        family = AF_INET6;
        const std::string bare = (a.size() > 2 && a.front() == '[') ? a.substr(1, a.size() - 2) : a;
        if (::inet_pton(AF_INET6, bare.c_str(), &in6->sin6_addr) != 1) {
            return Error{std::make_error_code(std::errc::invalid_argument), "invalid IPv6 address: " + a};
        }
        in6->sin6_port = htons(spec.port);
        len = sizeof(sockaddr_in6);
    } else {
        auto* in = reinterpret_cast<sockaddr_in*>(&ss);
        in->sin_family = AF_INET;
        if (::inet_pton(AF_INET, a.c_str(), &in->sin_addr) != 1) {
            return Error{std::make_error_code(std::errc::invalid_argument), "invalid IPv4 address: " + a};
        }
        in->sin_port = htons(spec.port);
        len = sizeof(sockaddr_in);
    }
    UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        return errno_error("socket");
    }
    const int on = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (spec.reuse_port) {
        ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    }
    if (family == AF_INET6) {
        // "::" listens to IPv6 only; "*" covers IPv4, as Dovecot's "*, ::" pair expects.
        ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
    }
    const std::string where = a + ":" + std::to_string(spec.port);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&ss), len) != 0) {
        return errno_error("bind(" + where + ")");
    }
    if (::listen(fd.get(), spec.backlog) != 0) {
        return errno_error("listen(" + where + ")");
    }
    return fd;
}

Result<unsigned short> local_port(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        return errno_error("getsockname");
    }
    if (ss.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    }
    if (ss.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
    }
    return Error{std::make_error_code(std::errc::address_family_not_supported), "not an IP socket"};
}

}  // namespace roost::net
