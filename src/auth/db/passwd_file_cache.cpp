// passwd-files read, parsed and cached until they change.
#include "auth/db/passwd_file_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "core/log.hpp"
#include "core/unique_fd.hpp"

namespace roost::auth {
namespace {

// A passwd-file larger than this is surely a mistake (a wrong path): refuse it rather than
// hold it in memory.
constexpr off_t kMaxFileSize = off_t{256} << 20;

}  // namespace

bool PasswdFileCache::Identity::operator==(const Identity& other) const
{
    return dev == other.dev && ino == other.ino && size == other.size &&
           mtime.tv_sec == other.mtime.tv_sec && mtime.tv_nsec == other.mtime.tv_nsec;
}

std::shared_ptr<PasswdFileCache> PasswdFileCache::shared()
{
    static const auto cache = std::make_shared<PasswdFileCache>();
    return cache;
}

unsigned PasswdFileCache::reads() const
{
    const std::lock_guard lock(mutex_);
    return reads_;
}

Result<std::shared_ptr<const PasswdFileParse>> PasswdFileCache::get(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int saved = errno;
        const std::lock_guard lock(mutex_);
        files_.erase(path);  // a file that went away must not keep answering
        errno = saved;
        return errno_error("passwd-file " + path);
    }
    {
        const std::lock_guard lock(mutex_);
        const auto it = files_.find(path);
        if (it != files_.end() &&
            it->second.identity == Identity{st.st_dev, st.st_ino, st.st_size, st.st_mtim}) {
            return it->second.parse;
        }
    }
    // Read outside the lock: a slow disk must not stall lookups in other files.
    auto fresh = read(path);
    if (!fresh) {
        return fresh.error();
    }
    const std::lock_guard lock(mutex_);
    ++reads_;
    auto parse = fresh->parse;
    files_[path] = std::move(*fresh);
    return parse;
}

Result<PasswdFileCache::Cached> PasswdFileCache::read(const std::string& path)
{
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (!fd) {
        return errno_error("passwd-file " + path);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return errno_error("passwd-file " + path);
    }
    if (!S_ISREG(st.st_mode)) {
        return Error{std::make_error_code(std::errc::invalid_argument),
                     "passwd-file " + path + ": not a regular file"};
    }
    if (st.st_size > kMaxFileSize) {
        return Error{std::make_error_code(std::errc::file_too_large),
                     "passwd-file " + path + ": file too large"};
    }
    std::string text;
    std::array<char, 65536> buf{};
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno_error("passwd-file " + path);
        }
        if (n == 0) {
            break;
        }
        text.append(buf.data(), static_cast<std::size_t>(n));
        if (static_cast<off_t>(text.size()) > kMaxFileSize) {
            return Error{std::make_error_code(std::errc::file_too_large),
                         "passwd-file " + path + ": file too large"};
        }
    }
    auto parse = std::make_shared<PasswdFileParse>(parse_passwd_file(text));
    for (const std::string& warning : parse->warnings) {
        log::warning("passwd-file ", path, ": ", warning);
    }
    log::debug("passwd-file ", path, ": read ", parse->entries.size(), " users");
    // The identity is that of the descriptor read, so a rename racing the read is seen next time.
    return Cached{Identity{st.st_dev, st.st_ino, st.st_size, st.st_mtim}, std::move(parse)};
}

}  // namespace roost::auth
