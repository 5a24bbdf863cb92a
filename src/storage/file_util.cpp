// File helpers shared by the storage backends.
#include "storage/file_util.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <filesystem>

#include "core/unique_fd.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage {

Result<std::string> read_file(const std::string& path)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return storage_errno_error("open(" + path + ")");
    }
    struct stat st {};
    const std::size_t hint =
        ::fstat(fd.get(), &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
    return read_all(fd.get(), 0, hint, path);
}

Result<std::string> read_all(int fd, off_t offset, std::size_t size_hint, const std::string& what)
{
    std::string out;
    std::size_t used = 0;
    out.resize(size_hint + 1);  // one more byte: a read of 0 at the end proves the end
    for (;;) {
        if (used == out.size()) {
            out.resize(out.size() + std::max<std::size_t>(out.size() / 2, 4096));
        }
        const ssize_t n = ::pread(fd, out.data() + used, out.size() - used,
                                  offset + static_cast<off_t>(used));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("read(" + what + ")");
        }
        if (n == 0) {
            break;
        }
        used += static_cast<std::size_t>(n);
    }
    out.resize(used);
    return out;
}

Result<void> write_all(int fd, std::string_view data, const std::string& path)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("write(" + path + ")");
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

FlockGuard::~FlockGuard()
{
    ::flock(fd_, LOCK_UN);
}

Result<void> write_file_atomic(const std::string& path, std::string_view data, mode_t mode,
                               bool sync)
{
    const std::string tmp = temp_path_for(path);
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!fd) {
        return storage_errno_error("open(" + tmp + ")");
    }
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            auto err = storage_errno_error("write(" + tmp + ")");
            ::unlink(tmp.c_str());
            return err;
        }
        done += static_cast<std::size_t>(n);
    }
    if (sync && ::fdatasync(fd.get()) < 0) {
        auto err = storage_errno_error("fdatasync(" + tmp + ")");
        ::unlink(tmp.c_str());
        return err;
    }
    fd.reset();
    if (::rename(tmp.c_str(), path.c_str()) < 0) {
        auto err = storage_errno_error("rename(" + tmp + ", " + path + ")");
        ::unlink(tmp.c_str());
        return err;
    }
    return {};
}

Result<void> fsync_directory(const std::string& path)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) {
        return storage_errno_error("open(" + path + ")");
    }
    if (::fsync(fd.get()) < 0 && errno != EINVAL) {
        return storage_errno_error("fsync(" + path + ")");
    }
    return {};
}

Result<void> ensure_directory(const std::string& path, mode_t mode)
{
    if (::mkdir(path.c_str(), mode) == 0) {
        return {};
    }
    if (errno == EEXIST && is_directory(path)) {
        return {};
    }
    return storage_errno_error("mkdir(" + path + ")");
}

Result<void> ensure_directories(const std::string& path, mode_t mode)
{
    if (is_directory(path)) {
        return {};
    }
    const auto slash = path.find_last_of('/');
    if (slash != std::string::npos && slash > 0) {
        auto parent = ensure_directories(path.substr(0, slash), mode);
        if (!parent) {
            return parent;
        }
    }
    return ensure_directory(path, mode);
}

mode_t directory_mode(const std::string& dir)
{
    struct stat st {};
    if (::stat(dir.c_str(), &st) < 0) {
        return 0700;
    }
    return st.st_mode & 07777;
}

mode_t file_mode_for_directory(const std::string& dir)
{
    struct stat st {};
    if (::stat(dir.c_str(), &st) < 0) {
        return 0600;
    }
    return (st.st_mode & 0666) | 0600;
}

bool is_directory(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<std::int64_t> mtime_ns(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

const std::string& local_hostname()
{
    static const std::string name = [] {
        char buf[256] = {};
        if (::gethostname(buf, sizeof buf - 1) < 0 || buf[0] == '\0') {
            return std::string("localhost");
        }
        std::string out;
        for (const char* p = buf; *p != '\0'; ++p) {
            if (*p == '/') {
                out += "\\057";
            } else if (*p == ':') {
                out += "\\072";
            } else {
                out += *p;
            }
        }
        return out;
    }();
    return name;
}

std::uint64_t next_unique_counter()
{
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

std::string temp_path_for(const std::string& path)
{
    return path + ".tmp." + local_hostname() + "." + std::to_string(::getpid()) + "." +
           std::to_string(next_unique_counter());
}

void remove_stale_temp_files(const std::string& dir)
{
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return;
    }
    const std::time_t now = std::time(nullptr);
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name(e->d_name);
        const auto mark = name.find(".tmp.");
        const auto last_dot = name.rfind('.');
        if (mark == std::string_view::npos || last_dot <= mark + 5) {
            continue;
        }
        const auto pid_dot = name.rfind('.', last_dot - 1);
        if (pid_dot == std::string_view::npos || pid_dot <= mark + 4) {
            continue;
        }
        const std::string_view host = name.substr(mark + 5, pid_dot - mark - 5);
        long pid = 0;
        const std::string_view pid_text = name.substr(pid_dot + 1, last_dot - pid_dot - 1);
        const auto [end, ec] =
            std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
        if (ec != std::errc() || end != pid_text.data() + pid_text.size() || pid <= 0) {
            continue;
        }
        struct stat st {};
        if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
            !S_ISREG(st.st_mode)) {
            continue;
        }
        const bool dead =
            host == local_hostname() && ::kill(static_cast<pid_t>(pid), 0) < 0 && errno == ESRCH;
        if (dead || now - st.st_mtime > 3600) {
            ::unlinkat(::dirfd(d), e->d_name, 0);
        }
    }
    ::closedir(d);
}

Result<void> remove_tree(const std::string& path)
{
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) {
        return storage_error(storage_code_from_errno(ec.value()),
                             "remove(" + path + "): " + ec.message());
    }
    return {};
}

}  // namespace roost::storage
