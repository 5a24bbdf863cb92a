#include "sieve_host/script_dirs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "core/unique_fd.hpp"

namespace roost::sieve_host {

Result<std::optional<std::string>> read_optional_file(const std::string& path)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return std::optional<std::string>{};
        }
        return errno_error("cannot open " + path);
    }
    std::string out;
    char buf[16384];
    ssize_t n;
    while ((n = ::read(fd.get(), buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    if (n < 0) {
        return errno_error("cannot read " + path);
    }
    return std::optional<std::string>(std::move(out));
}

Result<std::optional<std::string>> ScriptDirs::load_script(sieve::ScriptLocation location, std::string_view name)
{
    const std::string& dir = location == sieve::ScriptLocation::Personal ? personal_dir_ : global_dir_;
    // Script names cannot climb out of their directory.
    if (dir.empty() || name.empty() || name.find('/') != std::string_view::npos || name[0] == '.') {
        return std::optional<std::string>{};
    }
    return read_optional_file(dir + "/" + std::string(name) + ".sieve");
}

}  // namespace roost::sieve_host
