// Per user+IP connection slots as locked files.
#include "worker/connection_slots.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace roost::worker {
namespace {

// FNV-1a: a stable, file-name-safe key for any user name and address.
std::uint64_t fnv1a(std::string_view a, std::string_view b)
{
    std::uint64_t h = 14695981039346656037ull;
    const auto mix = [&h](std::string_view s) {
        for (const unsigned char c : s) {
            h = (h ^ c) * 1099511628211ull;
        }
    };
    mix(a);
    mix(std::string_view("\0", 1));
    mix(b);
    return h;
}

Error errno_error(const std::string& what)
{
    return Error{std::error_code(errno, std::generic_category()), what + ": " + std::strerror(errno)};
}

}  // namespace

Result<std::optional<UniqueFd>> claim_connection_slot(const std::string& dir, std::string_view protocol,
                                                      std::string_view user, std::string_view ip, unsigned limit)
{
    if (limit == 0) {
        return std::optional<UniqueFd>(UniqueFd());
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return errno_error("cannot create " + dir);
    }
    char key[17];
    std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(fnv1a(user, ip)));
    for (unsigned slot = 0; slot < limit; ++slot) {
        const std::string path = dir + "/" + std::string(protocol) + "-" + key + "." + std::to_string(slot);
        UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!fd.valid()) {
            return errno_error("cannot open " + path);
        }
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
            return std::optional<UniqueFd>(std::move(fd));
        }
        if (errno != EWOULDBLOCK) {
            return errno_error("cannot lock " + path);
        }
    }
    return std::optional<UniqueFd>();
}

std::string connection_limit_text(unsigned limit)
{
    return "Maximum number of connections from user+IP exceeded (mail_max_userip_connections=" +
           std::to_string(limit) + ")";
}

}  // namespace roost::worker
