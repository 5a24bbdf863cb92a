// Incremental reads and appending writes of roost-index.
#include "storage/index/index_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/log.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::index {
void IndexStore::reset_to_empty()
{
    file_ = IndexFile{};
    fd_.reset();
    held_ = Held{};
    offset_ = 0;
    lines_ = 0;
    broken_ = false;
    released_ = false;
}

void IndexStore::release()
{
    if (path_.empty() || !fd_ || broken_) {
        return;  // the entries are the only copy (or there is nothing to read them back from)
    }
    std::vector<IndexEntry>().swap(file_.entries);
    released_ = true;
}

void IndexStore::adopt(IndexFile file)
{
    reset_to_empty();
    file_ = std::move(file);
}

void IndexStore::load(UniqueFd fd, const struct stat& st)
{
    if (fd_ && held_.dev == st.st_dev && held_.ino == st.st_ino && st.st_size >= offset_ &&
        !released_) {
        if (st.st_size == offset_) {
            return;
        }
        auto tail = read_all(fd.get(), offset_, static_cast<std::size_t>(st.st_size - offset_), path_);
        if (tail) {
            IndexRead read;
            auto applied = apply_index_changes(file_, *tail, read);
            if (applied) {
                offset_ += static_cast<off_t>(read.consumed);
                lines_ += read.lines;
                return;
            }
        }
        // Not what an append makes: read it all again below.
    }
    reset_to_empty();
    auto data = read_all(fd.get(), 0, static_cast<std::size_t>(st.st_size), path_);
    if (!data) {
        log::warning(data.error().message);
        return;
    }
    held_ = Held{st.st_dev, st.st_ino};
    fd_ = std::move(fd);
    if (data->empty()) {
        return;  // just created by a writer that has not written yet
    }
    IndexRead read;
    auto parsed = read_index_text(*data, read);
    if (!parsed) {
        log::warning(path_, ": ", parsed.error().message, ", rebuilding");
        broken_ = true;
        offset_ = static_cast<off_t>(data->size());
        return;
    }
    file_ = std::move(parsed.value());
    file_.entries.shrink_to_fit();  // the reserve was a guess from the file's size
    offset_ = static_cast<off_t>(read.consumed);
    lines_ = read.lines;
}

void IndexStore::refresh(bool entries_needed)
{
    if (path_.empty()) {
        return;
    }
    struct stat st {};
    if (::stat(path_.c_str(), &st) < 0) {
        if (errno != ENOENT) {
            log::warning("stat(", path_, "): ", std::strerror(errno));
        }
        reset_to_empty();
        return;
    }
    if (fd_ && held_.dev == st.st_dev && held_.ino == st.st_ino) {
        if ((st.st_size == offset_ && (!released_ || !entries_needed)) || broken_) {
            return;  // unchanged (or unreadable until a writer rewrites it)
        }
        UniqueFd same(::dup(fd_.get()));
        if (same) {
            load(std::move(same), st);
            return;
        }
    }
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd || ::fstat(fd.get(), &st) < 0) {
        if (errno != ENOENT) {
            log::warning("open(", path_, "): ", std::strerror(errno));
        }
        reset_to_empty();
        return;
    }
    load(std::move(fd), st);
}

Result<void> IndexStore::update(std::uint32_t uidvalidity,
                                const std::function<void(IndexFile&)>& change)
{
    if (path_.empty()) {
        if (file_.uidvalidity != uidvalidity) {
            file_ = IndexFile{};
            file_.uidvalidity = uidvalidity;
        }
        change(file_);
        return {};
    }
    const std::string dir = path_.substr(0, path_.find_last_of('/'));
    auto made = ensure_directories(dir, 0700);
    if (!made) {
        return made;
    }
    // Lock the file that is in place: one replaced while we waited is locked again.
    UniqueFd fd;
    struct stat st {};
    for (int attempt = 0;; ++attempt) {
        fd.reset(::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
                        file_mode_for_directory(dir)));
        if (!fd) {
            return storage_errno_error("open(" + path_ + ")");
        }
        int locked = 0;
        do {
            locked = ::flock(fd.get(), LOCK_EX);
        } while (locked < 0 && errno == EINTR);
        if (locked < 0) {
            return storage_errno_error("flock(" + path_ + ")");
        }
        struct stat now {};
        if (::fstat(fd.get(), &st) < 0) {
            return storage_errno_error("fstat(" + path_ + ")");
        }
        if (::stat(path_.c_str(), &now) == 0 && now.st_dev == st.st_dev &&
            now.st_ino == st.st_ino) {
            break;
        }
        if (attempt >= 100) {
            return storage_error(StorageError::Temp, path_ + " keeps being replaced");
        }
    }
    FlockGuard guard(fd.get());
    UniqueFd reader(::dup(fd.get()));
    if (!reader) {
        return storage_errno_error("dup(" + path_ + ")");
    }
    load(std::move(reader), st);
    // Under the lock nobody is appending: bytes past the last newline are a crashed writer's.
    const bool torn = st.st_size != offset_;

    const bool same_generation = !broken_ && file_.uidvalidity == uidvalidity && st.st_size > 0;
    IndexFile after;
    if (same_generation) {
        after = file_;
    } else {
        after.uidvalidity = uidvalidity;
    }
    change(after);

    std::string delta;
    if (same_generation && !torn) {
        delta = serialize_index_changes(file_, after);
        if (delta.empty()) {
            return {};
        }
    }
    const auto delta_lines = static_cast<std::size_t>(std::count(delta.begin(), delta.end(), '\n'));
    const bool rewrite = !same_generation || torn ||
                         lines_ + delta_lines > after.entries.size() + compact_after(after.entries.size());
    if (!rewrite) {
        auto written = write_all(fd.get(), delta, path_);
        if (!written) {
            return written;  // a partial line makes the next writer rewrite the file
        }
        offset_ += static_cast<off_t>(delta.size());
        lines_ += delta_lines;
        file_ = std::move(after);
        return {};
    }
    // roost-index is a cache that is rebuilt when lost, so it is not fsynced.
    const std::string text = serialize_index_file(after);
    auto written = write_file_atomic(path_, text, file_mode_for_directory(dir), false);
    if (!written) {
        return written;
    }
    reset_to_empty();
    file_ = std::move(after);
    // Hold the new file. A writer that locked it since (after our rename) only appended to
    // it, which the next refresh() reads from offset_ on.
    UniqueFd fresh(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat fresh_st {};
    if (fresh && ::fstat(fresh.get(), &fresh_st) == 0) {
        fd_ = std::move(fresh);
        held_ = Held{fresh_st.st_dev, fresh_st.st_ino};
        offset_ = static_cast<off_t>(text.size());
        lines_ = file_.entries.size();
    }
    return {};
}

}  // namespace roost::storage::index
