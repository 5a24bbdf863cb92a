// Allocation of UIDVALIDITY values through dovecot-uidvalidity.
#include "storage/maildir/uidvalidity.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <string_view>

#include "core/strings.hpp"
#include "core/unique_fd.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

constexpr std::string_view kPrefix = "dovecot-uidvalidity.";

std::uint32_t parse_hex(std::string_view s)
{
    std::uint32_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    return ec == std::errc() && end == s.data() + s.size() ? v : 0;
}

std::string hex8(std::uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", v);
    return buf;
}

// The highest marker value in `dir` (0 when there is none).
std::uint32_t current_marker(const std::string& dir)
{
    std::uint32_t best = 0;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return 0;
    }
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name(e->d_name);
        if (name.starts_with(kPrefix)) {
            best = std::max(best, parse_hex(name.substr(kPrefix.size())));
        }
    }
    ::closedir(d);
    return best;
}

}  // namespace

Result<std::uint32_t> next_uidvalidity(const std::string& dir, bool fsync)
{
    auto made = ensure_directories(dir, 0700);
    if (!made) {
        return made.error();
    }
    const std::string file = dir + "/dovecot-uidvalidity";
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::uint32_t marker = current_marker(dir);
        std::uint32_t stored = 0;
        if (auto data = read_file(file)) {
            stored = parse_hex(trim(*data));
        }
        const std::uint32_t last = std::max(marker, stored);
        const auto now = static_cast<std::uint32_t>(std::time(nullptr));
        std::uint32_t next = std::max(last + 1, now);
        if (next == 0) {
            next = 1;
        }
        const std::string new_marker = dir + "/" + std::string(kPrefix) + hex8(next);
        if (marker != 0) {
            const std::string old_marker = dir + "/" + std::string(kPrefix) + hex8(marker);
            if (::rename(old_marker.c_str(), new_marker.c_str()) < 0) {
                if (errno == ENOENT) {
                    continue;  // someone else claimed a value meanwhile
                }
                return storage_errno_error("rename(" + old_marker + ")");
            }
        } else {
            UniqueFd fd(::open(new_marker.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444));
            if (!fd) {
                if (errno == EEXIST) {
                    continue;
                }
                return storage_errno_error("open(" + new_marker + ")");
            }
        }
        auto written = write_file_atomic(file, hex8(next), file_mode_for_directory(dir), fsync);
        if (!written) {
            return written.error();
        }
        return next;
    }
    return storage_error(StorageError::Temp, "cannot allocate a UIDVALIDITY in " + dir);
}

}  // namespace roost::storage::maildir
