// Incremental reading and atomic writing of dovecot-uidlist.
#include "storage/maildir/uidlist_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/log.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

Result<std::string> read_from(int fd, off_t offset, const std::string& path)
{
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, offset);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("read(" + path + ")");
        }
        if (n == 0) {
            return out;
        }
        out.append(buf, static_cast<std::size_t>(n));
        offset += n;
    }
}

}  // namespace

void UidlistStore::forget()
{
    fd_.reset();
    dev_ = 0;
    ino_ = 0;
    offset_ = 0;
}

void UidlistStore::mark_missing()
{
    if (present_ || corrupted_) {
        ++changes_;
        ++generation_;
    }
    present_ = false;
    corrupted_ = false;
    forget();
    set_list(Uidlist{});
}

Result<void> UidlistStore::read_whole(UniqueFd fd, const struct stat& st)
{
    auto data = read_from(fd.get(), 0, path_);
    if (!data) {
        return data.error();
    }
    fd_ = std::move(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    present_ = true;
    ++changes_;
    ++generation_;
    std::size_t consumed = 0;
    auto parsed = parse_uidlist(*data, consumed);
    if (!parsed) {
        log::error(path_, ": ", parsed.error().message);
        corrupted_ = true;
        offset_ = static_cast<off_t>(data->size());
        set_list(Uidlist{});
        return {};
    }
    corrupted_ = false;
    offset_ = static_cast<off_t>(consumed);
    if (parsed->bad_lines != 0) {
        log::warning(path_, ": skipped ", parsed->bad_lines, " broken lines");
    }
    set_list(std::move(parsed.value()));
    return {};
}

Result<void> UidlistStore::refresh()
{
    struct stat st {};
    if (::stat(path_.c_str(), &st) < 0) {
        if (errno != ENOENT) {
            return storage_errno_error("stat(" + path_ + ")");
        }
        mark_missing();
        return {};
    }
    if (fd_ && st.st_dev == dev_ && st.st_ino == ino_ && st.st_size >= offset_) {
        if (st.st_size == offset_ || corrupted_) {
            return {};
        }
        auto tail = read_from(fd_.get(), offset_, path_);
        if (!tail) {
            return tail.error();
        }
        const std::size_t before = list_.records.size();
        const std::size_t bad_before = list_.bad_lines;
        offset_ += static_cast<off_t>(parse_uidlist_tail(*tail, list_));
        if (list_.bad_lines != bad_before) {
            log::warning(path_, ": skipped ", list_.bad_lines - bad_before, " broken lines");
        }
        if (list_.records.size() != before) {
            ++changes_;
            index_from(before);
        }
        return {};
    }
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd || ::fstat(fd.get(), &st) < 0) {
        if (errno == ENOENT) {
            mark_missing();  // removed meanwhile
            return {};
        }
        return storage_errno_error("open(" + path_ + ")");
    }
    return read_whole(std::move(fd), st);
}

std::optional<std::uint32_t> UidlistStore::uid_of(std::string_view base) const
{
    const auto pos = by_base_.find(
        base, [this](std::uint32_t i) -> std::string_view { return list_.records[i].base; });
    if (!pos) {
        return std::nullopt;
    }
    return list_.records[*pos].uid;
}

void UidlistStore::set_list(Uidlist list)
{
    list_ = std::move(list);
    by_base_.reset(list_.records.size());
    index_from(0);
}

void UidlistStore::index_from(std::size_t first)
{
    const auto name_of = [this](std::uint32_t i) -> std::string_view {
        return list_.records[i].base;
    };
    for (std::size_t i = first; i < list_.records.size(); ++i) {
        // A base twice in the file (a broken writer): the first record keeps it, as before.
        if (!by_base_.find(list_.records[i].base, name_of)) {
            by_base_.insert(static_cast<std::uint32_t>(i), name_of);
        }
    }
}

bool UidlistStore::can_append() const
{
    return present_ && !corrupted_ && list_.version == 3 && !list_.partial_tail &&
           list_.bad_lines == 0;
}

Result<void> UidlistStore::append(const std::vector<UidlistRecord>& records, bool fsync)
{
    std::string text;
    for (const UidlistRecord& rec : records) {
        text += serialize_uidlist_record(rec);
        text += '\n';
    }
    UniqueFd fd(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
    if (!fd) {
        return storage_errno_error("open(" + path_ + ")");
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            // A partial line is ignored by readers and makes the next writer rewrite the file.
            list_.partial_tail = true;
            return storage_errno_error("write(" + path_ + ")");
        }
        done += static_cast<std::size_t>(n);
    }
    if (fsync && ::fdatasync(fd.get()) < 0) {
        return storage_errno_error("fdatasync(" + path_ + ")");
    }
    struct stat st {};
    const bool same = ::fstat(fd.get(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_;
    const std::size_t before = list_.records.size();
    for (const UidlistRecord& rec : records) {
        list_.records.push_back(rec);
        list_.next_uid = std::max(list_.next_uid, rec.uid + 1);
    }
    index_from(before);
    ++changes_;
    if (same) {
        offset_ += static_cast<off_t>(text.size());  // under the lock nobody else appended
    } else {
        forget();  // not the file we hold (cannot happen under the lock): read it next time
    }
    return {};
}

Result<void> UidlistStore::write(Uidlist list, mode_t mode, bool fsync)
{
    list.version = 3;
    list.bad_lines = 0;
    list.partial_tail = false;
    const std::string text = serialize_uidlist(list);
    auto written = write_file_atomic(path_, text, mode, fsync);
    if (!written) {
        return written;
    }
    if (fsync) {
        // The rename must survive a crash too, or acknowledged UIDs could be handed out again.
        auto synced = fsync_directory(path_.substr(0, path_.find_last_of('/')));
        if (!synced) {
            return synced;
        }
    }
    present_ = true;
    corrupted_ = false;
    ++changes_;
    ++generation_;
    set_list(std::move(list));
    // Hold the new file; under the lock it is exactly what we wrote.
    forget();
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (fd && ::fstat(fd.get(), &st) == 0 && st.st_size == static_cast<off_t>(text.size())) {
        fd_ = std::move(fd);
        dev_ = st.st_dev;
        ino_ = st.st_ino;
        offset_ = st.st_size;
    }
    return {};
}

}  // namespace roost::storage::maildir
