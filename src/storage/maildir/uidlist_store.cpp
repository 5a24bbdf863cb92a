// Cached reading and atomic writing of dovecot-uidlist.
#include "storage/maildir/uidlist_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/log.hpp"
#include "core/unique_fd.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {

std::optional<UidlistStore::FileKey> UidlistStore::stat_key(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) {
        return std::nullopt;
    }
    return FileKey{st.st_dev, st.st_ino, st.st_size,
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

Result<void> UidlistStore::refresh(bool force)
{
    const auto key = stat_key(path_);
    if (!force && key && key_ && *key == *key_) {
        return {};
    }
    auto data = read_file(path_);
    if (!data) {
        if (storage_code_of(data.error()) == StorageError::NotFound) {
            present_ = false;
            corrupted_ = false;
            key_.reset();
            set_list(Uidlist{});
            return {};
        }
        return data.error();
    }
    auto parsed = parse_uidlist(*data);
    present_ = true;
    key_ = key;
    if (!parsed) {
        log::error(path_, ": ", parsed.error().message);
        corrupted_ = true;
        set_list(Uidlist{});
        return {};
    }
    corrupted_ = false;
    if (parsed->bad_lines != 0) {
        log::warning(path_, ": skipped ", parsed->bad_lines, " broken lines");
    }
    set_list(std::move(parsed.value()));
    return {};
}

std::optional<std::uint32_t> UidlistStore::uid_of(const std::string& base) const
{
    const auto it = by_base_.find(base);
    if (it == by_base_.end()) {
        return std::nullopt;
    }
    return it->second;
}

void UidlistStore::set_list(Uidlist list)
{
    list_ = std::move(list);
    by_base_.clear();
    by_base_.reserve(list_.records.size());
    for (const UidlistRecord& rec : list_.records) {
        by_base_.emplace(rec.base, rec.uid);
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
    fd.reset();
    for (const UidlistRecord& rec : records) {
        list_.records.push_back(rec);
        by_base_.emplace(rec.base, rec.uid);
        list_.next_uid = std::max(list_.next_uid, rec.uid + 1);
    }
    key_ = stat_key(path_);
    return {};
}

Result<void> UidlistStore::write(Uidlist list, mode_t mode, bool fsync)
{
    list.version = 3;
    list.bad_lines = 0;
    list.partial_tail = false;
    auto written = write_file_atomic(path_, serialize_uidlist(list), mode, fsync);
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
    key_ = stat_key(path_);
    set_list(std::move(list));
    return {};
}

}  // namespace roost::storage::maildir
