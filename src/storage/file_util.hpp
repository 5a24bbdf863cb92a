// File helpers shared by the storage backends: whole-file reads, atomic replacement through
// rename(), directory fsync, and the host name that goes into unique file names.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::storage {

// The contents of `path`. NotFound when it does not exist.
Result<std::string> read_file(const std::string& path);

// Everything of the open file `fd` from `offset` to its end, read straight into the string
// (no large buffer on the stack: a session's stack pages stay resident for its whole life).
// `size_hint` (the expected length, 0 when unknown) saves regrowing; `what` names the file
// in errors.
Result<std::string> read_all(int fd, off_t offset, std::size_t size_hint, const std::string& what);

// Writes all of `data` to `fd` at its offset, retrying after signals; `path` names it in errors.
Result<void> write_all(int fd, std::string_view data, const std::string& path);

// Holds a flock() of a descriptor for the rest of a scope; the descriptor itself outlives it.
class FlockGuard {
public:
    explicit FlockGuard(int fd) : fd_(fd) {}
    ~FlockGuard();
    FlockGuard(const FlockGuard&) = delete;
    FlockGuard& operator=(const FlockGuard&) = delete;

private:
    int fd_;
};

// Replaces `path` with `data` atomically: readers see the old or the new file, never a part.
// Writes a temporary file beside it, fsyncs it when `sync` is set, then renames it over `path`.
Result<void> write_file_atomic(const std::string& path, std::string_view data, mode_t mode,
                               bool sync);

// fsync(2) of a directory, so a rename or link inside it survives a crash.
Result<void> fsync_directory(const std::string& path);

// mkdir(2) that treats an existing directory as success.
Result<void> ensure_directory(const std::string& path, mode_t mode);

// Creates every missing directory on the way to `path`.
Result<void> ensure_directories(const std::string& path, mode_t mode);

// The mode for files created in `dir`: its permission bits without the execute bits (0600 for
// a 0700 directory, as Dovecot does), or 0600 when it cannot be read.
mode_t file_mode_for_directory(const std::string& dir);

// The mode of the directory `dir`, or 0700 when it cannot be read.
mode_t directory_mode(const std::string& dir);

// True when `path` is an existing directory.
bool is_directory(const std::string& path);

// The last-modification time of `path` in nanoseconds, nullopt when it cannot be stat()ed.
std::optional<std::int64_t> mtime_ns(const std::string& path);

// The host name as it may appear in file names (Maildir rules: '/' and ':' escaped as
// \057 and \072), computed once.
const std::string& local_hostname();

// A number that is new on every call in this process, for temporary file names.
std::uint64_t next_unique_counter();

// A name beside `path` for a temporary file: "<path>.tmp.<host>.<pid>.<n>", so that one left
// by a killed process can be recognised and removed (remove_stale_temp_files()).
std::string temp_path_for(const std::string& path);

// Removes regular files in `dir` named by temp_path_for() whose process is gone (same host),
// or that are older than an hour (another host). Errors are ignored: this is housekeeping.
void remove_stale_temp_files(const std::string& dir);

// Removes `path` and everything below it; a missing path is not an error.
Result<void> remove_tree(const std::string& path);

}  // namespace roost::storage
