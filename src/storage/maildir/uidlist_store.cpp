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
    auto data = read_all(fd.get(), 0, static_cast<std::size_t>(st.st_size), path_);
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
        auto tail = read_all(fd_.get(), offset_, static_cast<std::size_t>(st.st_size - offset_), path_);
        if (!tail) {
            return tail.error();
        }
        // Parsed against the last record held, so that UIDs must keep rising.
        Uidlist more = header_;
        if (!records_.empty()) {
            more.records.push_back({records_.back().uid, "", ""});
        }
        const std::size_t bad_before = header_.bad_lines;
        offset_ += static_cast<off_t>(parse_uidlist_tail(*tail, more));
        if (more.bad_lines != bad_before) {
            log::warning(path_, ": skipped ", more.bad_lines - bad_before, " broken lines");
        }
        header_.next_uid = more.next_uid;
        header_.bad_lines = more.bad_lines;
        header_.partial_tail = more.partial_tail;
        if (!records_.empty()) {
            more.records.erase(more.records.begin());
        }
        if (!more.records.empty()) {
            ++changes_;
            const std::size_t before = records_.size();
            add_records(more.records);
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
    const auto pos = by_base_.find(base, [this](std::uint32_t i) { return base_of(i); });
    if (!pos) {
        return std::nullopt;
    }
    return records_[*pos].uid;
}

Uidlist UidlistStore::full_list() const
{
    Uidlist list = header_;
    list.records.reserve(records_.size());
    for (const Record& r : records_) {
        list.records.push_back({r.uid, text_.substr(r.offset, r.extensions_length),
                                text_.substr(r.offset + r.extensions_length, r.base_length)});
    }
    return list;
}

void UidlistStore::add_records(std::vector<UidlistRecord>& records)
{
    for (UidlistRecord& rec : records) {
        if (rec.extensions.size() > UINT16_MAX || rec.base.size() > UINT16_MAX ||
            text_.size() > UINT32_MAX - rec.extensions.size() - rec.base.size()) {
            continue;  // no file name is that long; such a line is not a record we can use
        }
        records_.push_back({rec.uid, static_cast<std::uint32_t>(text_.size()),
                            static_cast<std::uint16_t>(rec.extensions.size()),
                            static_cast<std::uint16_t>(rec.base.size())});
        text_ += rec.extensions;
        text_ += rec.base;
    }
}

void UidlistStore::set_list(Uidlist list)
{
    records_.clear();
    text_.clear();
    records_.reserve(list.records.size());
    std::size_t bytes = 0;
    for (const UidlistRecord& rec : list.records) {
        bytes += rec.extensions.size() + rec.base.size();
    }
    text_.reserve(bytes);
    add_records(list.records);
    list.records.clear();
    list.records.shrink_to_fit();
    header_ = std::move(list);
    by_base_.reset(records_.size());
    index_from(0);
}

void UidlistStore::index_from(std::size_t first)
{
    const auto name_of = [this](std::uint32_t i) { return base_of(i); };
    for (std::size_t i = first; i < records_.size(); ++i) {
        // A base twice in the file (a broken writer): the first record keeps it, as before.
        if (!by_base_.find(base_of(i), name_of)) {
            by_base_.insert(static_cast<std::uint32_t>(i), name_of);
        }
    }
}

bool UidlistStore::can_append() const
{
    return present_ && !corrupted_ && header_.version == 3 && !header_.partial_tail &&
           header_.bad_lines == 0;
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
            header_.partial_tail = true;
            return storage_errno_error("write(" + path_ + ")");
        }
        done += static_cast<std::size_t>(n);
    }
    if (fsync && ::fdatasync(fd.get()) < 0) {
        return storage_errno_error("fdatasync(" + path_ + ")");
    }
    struct stat st {};
    const bool same = ::fstat(fd.get(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_;
    const std::size_t before = records_.size();
    std::vector<UidlistRecord> copy = records;
    for (const UidlistRecord& rec : records) {
        header_.next_uid = std::max(header_.next_uid, rec.uid + 1);
    }
    add_records(copy);
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
