// Incremental reading and atomic writing of dovecot-uidlist.
#include "storage/maildir/uidlist_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>

#include "core/log.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

std::uint32_t hash_base(std::string_view base)
{
    const std::size_t h = std::hash<std::string_view>{}(base);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

// The base of the record line `line` (which ends in '\n'), or "" when it is not a record.
std::string base_in_line(std::string_view line, unsigned version)
{
    Uidlist one;
    one.version = version;
    parse_uidlist_tail(line, one);
    return one.records.empty() ? std::string() : std::move(one.records.front().base);
}

}  // namespace

void UidlistStore::forget()
{
    fd_.reset();
    dev_ = 0;
    ino_ = 0;
    offset_ = 0;
    std::string().swap(warm_);
}

void UidlistStore::release()
{
    if (!present_ || corrupted_ || !fd_) {
        return;
    }
    std::string().swap(warm_);
    std::vector<Record>().swap(records_);
    std::vector<std::uint32_t>().swap(slots_);
    released_ = true;
}

std::optional<FileStamp> UidlistStore::held_stamp() const
{
    struct stat st {};
    if (!present_ || corrupted_ || !fd_ || ::fstat(fd_.get(), &st) < 0 || st.st_size != offset_) {
        return std::nullopt;
    }
    return file_stamp(st);
}

bool UidlistStore::adopt_unread(const FileStamp& stamp, std::uint32_t uidvalidity,
                                std::uint32_t next_uid, std::string guid)
{
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) < 0 || !(file_stamp(st) == stamp)) {
        return false;
    }
    forget();
    fd_ = std::move(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    offset_ = st.st_size;
    present_ = true;
    corrupted_ = false;
    header_ = Uidlist{};
    header_.uidvalidity = uidvalidity;
    header_.next_uid = next_uid;
    header_.guid = std::move(guid);
    std::vector<Record>().swap(records_);
    std::vector<std::uint32_t>().swap(slots_);
    released_ = true;
    return true;
}

bool UidlistStore::unchanged_on_disk() const
{
    struct stat st {};
    return fd_ && ::stat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_ &&
           st.st_size == offset_;
}

void UidlistStore::clear_records()
{
    records_.clear();
    slots_.assign(16, 0);
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
    header_ = Uidlist{};
    clear_records();
}

void UidlistStore::add_record(std::uint32_t uid, off_t line, std::string_view base)
{
    if (line > static_cast<off_t>(UINT32_MAX)) {
        return;  // a 4 GB uidlist is no uidlist
    }
    if ((records_.size() + 1) * 2 > slots_.size()) {
        std::vector<std::uint32_t> grown(std::max<std::size_t>(16, slots_.size() * 2), 0);
        const std::size_t mask = grown.size() - 1;
        for (const std::uint32_t slot : slots_) {
            if (slot != 0) {
                std::size_t i = records_[slot - 1].hash & mask;
                while (grown[i] != 0) {
                    i = (i + 1) & mask;
                }
                grown[i] = slot;
            }
        }
        slots_ = std::move(grown);
    }
    const std::uint32_t hash = hash_base(base);
    records_.push_back({uid, static_cast<std::uint32_t>(line), hash});
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i] != 0) {
        i = (i + 1) & mask;
    }
    slots_[i] = static_cast<std::uint32_t>(records_.size());
}

std::size_t UidlistStore::take_lines(std::string_view bytes, off_t at)
{
    // Each line is parsed against the last record taken, so that UIDs must keep rising.
    Uidlist one = header_;
    one.extra_header.clear();
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) {
            break;
        }
        one.records.clear();
        if (!records_.empty()) {
            one.records.push_back({records_.back().uid, "", ""});
        }
        const std::size_t before = one.records.size();
        parse_uidlist_tail(bytes.substr(pos, nl + 1 - pos), one);
        if (one.records.size() > before) {
            const UidlistRecord& rec = one.records.back();
            add_record(rec.uid, at + static_cast<off_t>(pos), rec.base);
        }
        pos = nl + 1;
    }
    if (one.bad_lines != header_.bad_lines) {
        log::warning(path_, ": skipped ", one.bad_lines - header_.bad_lines, " broken lines");
    }
    header_.next_uid = one.next_uid;
    header_.bad_lines = one.bad_lines;
    header_.partial_tail = pos < bytes.size();
    return pos;
}

Result<void> UidlistStore::read_whole(UniqueFd fd, const struct stat& st, bool same)
{
    auto data = read_all(fd.get(), 0, static_cast<std::size_t>(st.st_size), path_);
    if (!data) {
        return data.error();
    }
    forget();
    released_ = false;
    fd_ = std::move(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    present_ = true;
    if (!same) {
        ++changes_;
        ++generation_;
    }
    clear_records();
    const std::size_t header_end = data->find('\n');
    auto parsed = parse_uidlist(std::string_view(*data).substr(
        0, header_end == std::string::npos ? data->size() : header_end + 1));
    if (!parsed) {
        log::error(path_, ": ", parsed.error().message);
        if (same) {
            ++changes_;  // what was held (or adopted unread) is not what the file says
            ++generation_;
        }
        corrupted_ = true;
        header_ = Uidlist{};
        offset_ = static_cast<off_t>(data->size());
        return {};
    }
    corrupted_ = false;
    header_ = std::move(parsed.value());
    const std::size_t body = header_end + 1;
    offset_ = static_cast<off_t>(
        body + take_lines(std::string_view(*data).substr(body), static_cast<off_t>(body)));
    warm_ = std::move(data.value());
    return {};
}

Result<void> UidlistStore::refresh()
{
    // A released file still the same (same inode, not grown) holds the records it held: read
    // back, they are no change.
    const dev_t released_dev = released_ ? dev_ : 0;
    const ino_t released_ino = released_ ? ino_ : 0;
    const off_t released_size = released_ && fd_ ? offset_ : -1;
    if (released_) {
        released_ = false;
        forget();  // the records are read back from a whole read below
    }
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
        auto tail = read_all(fd_.get(), offset_, static_cast<std::size_t>(st.st_size - offset_),
                             path_);
        if (!tail) {
            return tail.error();
        }
        const std::size_t before = records_.size();
        offset_ += static_cast<off_t>(take_lines(*tail, offset_));
        if (records_.size() != before) {
            ++changes_;
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
    return read_whole(
        std::move(fd), st,
        st.st_dev == released_dev && st.st_ino == released_ino && st.st_size == released_size);
}

std::string UidlistStore::base_of(std::size_t i) const
{
    const std::size_t at = records_[i].line;
    if (at < warm_.size()) {
        const std::size_t nl = warm_.find('\n', at);
        if (nl != std::string::npos) {
            return base_in_line(std::string_view(warm_).substr(at, nl + 1 - at), header_.version);
        }
    }
    if (!fd_) {
        return {};
    }
    char buf[512];
    std::string line;
    for (off_t off = static_cast<off_t>(at); line.size() < 65536;) {
        const ssize_t n = ::pread(fd_.get(), buf, sizeof buf, off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return {};
        }
        const std::string_view got(buf, static_cast<std::size_t>(n));
        const std::size_t nl = got.find('\n');
        line.append(got.substr(0, nl == std::string_view::npos ? got.size() : nl + 1));
        if (nl != std::string_view::npos) {
            return base_in_line(line, header_.version);
        }
        off += n;
    }
    return {};
}

std::optional<std::uint32_t> UidlistStore::uid_of(std::string_view base) const
{
    if (records_.empty()) {
        return std::nullopt;
    }
    const std::uint32_t hash = hash_base(base);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask; slots_[i] != 0; i = (i + 1) & mask) {
        const std::size_t pos = slots_[i] - 1;
        // Equal hashes are confirmed against the record's line: a hash is not a name.
        if (records_[pos].hash == hash && base_of(pos) == base) {
            return records_[pos].uid;
        }
    }
    return std::nullopt;
}

Result<Uidlist> UidlistStore::full_list() const
{
    if (!present_ || !fd_) {
        return header_;
    }
    auto data = read_all(fd_.get(), 0, static_cast<std::size_t>(offset_), path_);
    if (!data) {
        return data.error();
    }
    data->resize(std::min(data->size(), static_cast<std::size_t>(offset_)));
    auto parsed = parse_uidlist(*data);
    if (!parsed) {
        return parsed.error();
    }
    parsed->next_uid = std::max(parsed->next_uid, header_.next_uid);
    return parsed;
}

bool UidlistStore::can_append() const
{
    return present_ && !corrupted_ && header_.version == 3 && !header_.partial_tail &&
           header_.bad_lines == 0;
}

Result<void> UidlistStore::append(const std::vector<UidlistRecord>& records, bool fsync)
{
    std::string text;
    std::vector<std::size_t> starts;
    for (const UidlistRecord& rec : records) {
        starts.push_back(text.size());
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
    for (const UidlistRecord& rec : records) {
        header_.next_uid = std::max(header_.next_uid, rec.uid + 1);
    }
    ++changes_;
    if (!same) {
        forget();  // not the file we hold (cannot happen under the lock): read it next time
        clear_records();
        return {};
    }
    // Under the lock nobody else appended: our lines start where our reading stopped.
    for (std::size_t i = 0; i < records.size(); ++i) {
        add_record(records[i].uid, offset_ + static_cast<off_t>(starts[i]), records[i].base);
    }
    offset_ += static_cast<off_t>(text.size());
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
    // Hold the new file; under the lock it is exactly what we wrote.
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) < 0) {
        forget();
        return {};
    }
    return read_whole(std::move(fd), st);
}

}  // namespace roost::storage::maildir
