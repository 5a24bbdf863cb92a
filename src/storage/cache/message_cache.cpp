// Reading, appending and compacting roost-cache.
#include "storage/cache/message_cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/log.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::cache {
namespace {

// Dead records (expunged UIDs, records written twice) below this never cause a rewrite.
constexpr std::size_t kMinDeadForCompaction = 64;

std::string parent_dir(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

}  // namespace

MessageCache::MessageCache(std::string path, std::uint32_t uidvalidity,
                           std::function<bool(std::uint32_t)> alive,
                           std::function<std::size_t()> messages)
    : path_(std::move(path)),
      uidvalidity_(uidvalidity),
      alive_(std::move(alive)),
      messages_(std::move(messages))
{
}

bool MessageCache::compaction_may_be_due() const
{
    // Dead records are at least records_ - messages; a quarter of records_ is the threshold.
    return usable_ && !damaged_ && messages_ && records_ >= kMinDeadForCompaction &&
           messages_() * 4 < records_ * 3;
}

MessageCache::~MessageCache()
{
    if (!pending_.empty()) {
        auto flushed = flush(false);
        if (!flushed) {
            log::warning(path_, ": ", flushed.error().message);
        }
    }
}

MessageCacheStats MessageCache::stats() const
{
    return MessageCacheStats{records_, entries_.size(), compactions_, restarts_};
}

void MessageCache::forget_file()
{
    fd_.reset();
    dev_ = 0;
    ino_ = 0;
    usable_ = false;
    damaged_ = false;
    offset_ = 0;
    records_ = 0;
    entries_.clear();
    sorted_ = true;
    window_.clear();
    window_offset_ = 0;
}

void MessageCache::take_file(UniqueFd fd, const struct stat& st)
{
    forget_file();
    fd_ = std::move(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    const auto header = read_at(0, kFileHeaderSize);
    const auto uidvalidity = decode_file_header(header);
    if (!uidvalidity || *uidvalidity != uidvalidity_) {
        return;  // empty (being created), damaged or another generation: nothing to read
    }
    usable_ = true;
    offset_ = kFileHeaderSize;
    scan(static_cast<std::uint64_t>(st.st_size));
}

void MessageCache::refresh()
{
    if (path_.empty()) {
        return;
    }
    window_.clear();  // bytes past the last complete record may have been rewritten since
    struct stat st {};
    if (::stat(path_.c_str(), &st) < 0) {
        forget_file();
        return;
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (fd_ && st.st_dev == dev_ && st.st_ino == ino_ && usable_ && size >= offset_) {
        if (size > offset_ && !damaged_) {
            scan(size);
        }
        return;
    }
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd || ::fstat(fd.get(), &st) < 0) {
        forget_file();
        return;
    }
    take_file(std::move(fd), st);
}

std::string_view MessageCache::read_at(std::uint64_t offset, std::size_t length)
{
    if (offset >= window_offset_ && offset + length <= window_offset_ + window_.size()) {
        return std::string_view(window_).substr(offset - window_offset_, length);
    }
    window_.resize(std::max(kWindowBytes, length));
    std::size_t got = 0;
    while (got < window_.size()) {
        const ssize_t n = ::pread(fd_.get(), window_.data() + got, window_.size() - got,
                                  static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    window_.resize(got);
    if (window_.capacity() > 4 * kWindowBytes && got <= kWindowBytes) {
        window_.shrink_to_fit();  // one big record must not keep a big buffer alive
    }
    window_offset_ = offset;
    return std::string_view(window_).substr(0, std::min(length, got));
}

void MessageCache::scan(std::uint64_t end)
{
    while (offset_ + kRecordHeaderSize <= end && offset_ <= kMaxFileSize) {
        const std::string_view head = read_at(offset_, kRecordHeaderSize);
        if (head.size() < kRecordHeaderSize) {
            return;  // the file shrank under us; the next refresh() sees what it is now
        }
        const RecordFrame frame = frame_record(head);
        if (frame.status == RecordFrame::Status::Damaged) {
            log::warning(path_, ": damaged record at offset ", offset_);
            damaged_ = true;
            return;
        }
        if (offset_ + frame.length > end) {
            return;  // not complete yet, or a crashed writer's tail
        }
        if (!entries_.empty() && frame.uid <= entries_.back().uid) {
            sorted_ = false;
        }
        entries_.push_back(Entry{frame.uid, static_cast<std::uint32_t>(offset_)});
        ++records_;
        offset_ += frame.length;
    }
}

void MessageCache::sort_entries()
{
    if (sorted_) {
        return;
    }
    // Stable: of two records for one UID (two writers missed it at once) the later one wins.
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.uid < b.uid; });
    auto last = std::unique(entries_.rbegin(), entries_.rend(),
                            [](const Entry& a, const Entry& b) { return a.uid == b.uid; });
    entries_.erase(entries_.begin(), last.base());
    sorted_ = true;
}

const MessageCache::Entry* MessageCache::lookup(std::uint32_t uid)
{
    sort_entries();
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), uid,
                                     [](const Entry& e, std::uint32_t u) { return e.uid < u; });
    return it != entries_.end() && it->uid == uid ? &*it : nullptr;
}

bool MessageCache::contains(std::uint32_t uid)
{
    for (auto it = pending_uids_.rbegin(); it != pending_uids_.rend(); ++it) {
        if (it->uid == uid) {
            return true;
        }
        if (it->uid < uid) {
            break;  // queued in ascending order (the usual FETCH 1:*): nothing older matches
        }
    }
    return usable_ && !damaged_ && lookup(uid) != nullptr;
}

std::optional<CachedMessage> MessageCache::find(std::uint32_t uid)
{
    for (auto it = pending_uids_.rbegin(); it != pending_uids_.rend(); ++it) {
        if (it->uid == uid) {
            const std::string_view rest = std::string_view(pending_).substr(it->offset);
            return decode_record(rest.substr(0, frame_record(rest).length), uid);
        }
        if (it->uid < uid) {
            break;
        }
    }
    if (!usable_ || damaged_) {
        return std::nullopt;
    }
    const Entry* entry = lookup(uid);
    if (entry == nullptr) {
        return std::nullopt;
    }
    const std::uint64_t at = entry->offset;
    const RecordFrame frame = frame_record(read_at(at, kRecordHeaderSize));
    std::optional<CachedMessage> message;
    if (frame.status != RecordFrame::Status::Damaged && frame.uid == uid) {
        message = decode_record(read_at(at, frame.length), uid);
    }
    if (!message) {
        log::warning(path_, ": damaged record of UID ", uid, " at offset ", at);
        damaged_ = true;
        entries_.clear();
    }
    return message;
}

void MessageCache::add(std::uint32_t uid, const CachedMessage& message)
{
    if (path_.empty() || uid == 0 || !writable_) {
        return;
    }
    if (!pending_uids_.empty() && uid <= pending_uids_.back().uid) {
        // Out of order: keep the queue ascending so that the lookups above stay short.
        auto flushed = flush(false);
        if (!flushed) {
            log::warning(path_, ": ", flushed.error().message);
        }
    }
    pending_uids_.push_back(Pending{uid, static_cast<std::uint32_t>(pending_.size())});
    encode_record(pending_, uid, message);
    if (pending_.size() >= kFlushBytes) {
        auto flushed = flush(false);
        if (!flushed) {
            log::warning(path_, ": ", flushed.error().message);
        }
    }
}

bool MessageCache::verify()
{
    struct stat st {};
    if (!fd_ || ::fstat(fd_.get(), &st) < 0) {
        return false;
    }
    entries_.clear();
    sorted_ = true;
    records_ = 0;
    damaged_ = false;
    window_.clear();
    offset_ = kFileHeaderSize;
    scan(static_cast<std::uint64_t>(st.st_size));
    if (damaged_) {
        return false;
    }
    for (const Entry& e : entries_) {
        const RecordFrame frame = frame_record(read_at(e.offset, kRecordHeaderSize));
        if (!decode_record(read_at(e.offset, frame.length), e.uid)) {
            damaged_ = true;
            return false;
        }
    }
    return true;
}

std::size_t MessageCache::dead_records()
{
    sort_entries();
    std::size_t live = 0;
    for (const Entry& e : entries_) {
        live += alive_ && !alive_(e.uid) ? 0 : 1;
    }
    return records_ - std::min(records_, live);
}

Result<void> MessageCache::flush(bool may_compact)
{
    if (path_.empty() || !writable_ ||
        (pending_.empty() && !damaged_ && !(may_compact && compaction_may_be_due()))) {
        return {};
    }
    std::string pending = std::move(pending_);
    std::vector<Pending> pending_uids = std::move(pending_uids_);
    pending_.clear();
    pending_uids_.clear();
    window_.clear();

    const std::string dir = parent_dir(path_);
    auto made = ensure_directories(dir, 0700);
    if (!made) {
        return made;
    }
    // Lock the file that is in place: one replaced (compacted) while we waited is locked again.
    UniqueFd locked;
    struct stat st {};
    for (int attempt = 0;; ++attempt) {
        locked.reset(::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
                            file_mode_for_directory(dir)));
        if (!locked) {
            if (errno == EACCES || errno == EPERM || errno == EROFS) {
                // Someone else's mailbox, a read-only mount: read what is there, write nothing
                // more (and say so once, not at every FETCH).
                writable_ = false;
            }
            return storage_errno_error("open(" + path_ + ")");
        }
        int rc = 0;
        do {
            rc = ::flock(locked.get(), LOCK_EX);
        } while (rc < 0 && errno == EINTR);
        if (rc < 0) {
            return storage_errno_error("flock(" + path_ + ")");
        }
        struct stat now {};
        if (::fstat(locked.get(), &st) < 0) {
            return storage_errno_error("fstat(" + path_ + ")");
        }
        if (::stat(path_.c_str(), &now) == 0 && now.st_dev == st.st_dev && now.st_ino == st.st_ino) {
            break;
        }
        if (attempt >= 100) {
            return storage_error(StorageError::Temp, path_ + " keeps being replaced");
        }
    }
    FlockGuard guard(locked.get());

    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (!(fd_ && st.st_dev == dev_ && st.st_ino == ino_) || !usable_) {
        UniqueFd reader(::dup(locked.get()));
        if (!reader) {
            return storage_errno_error("dup(" + path_ + ")");
        }
        take_file(std::move(reader), st);
    } else if (size > offset_ && !damaged_) {
        scan(size);
    }
    if (size == 0) {
        auto written = write_all(locked.get(), encode_file_header(uidvalidity_), path_);
        if (!written) {
            return written;
        }
        usable_ = true;
        offset_ = kFileHeaderSize;
    }
    bool start_over = !usable_;
    if (!start_over && damaged_) {
        // A record did not check out: really damaged, or read while its writer was at it.
        start_over = !verify();
    }
    if (start_over) {
        log::warning(path_, ": damaged or of another UIDVALIDITY; starting it over");
        ++restarts_;
        return rewrite({}, pending);
    }
    if (offset_ < size) {
        // Under the lock nobody is appending: bytes past the last complete record are a
        // crashed writer's, and records appended after them would never be found.
        if (::ftruncate(locked.get(), static_cast<off_t>(offset_)) < 0) {
            return storage_errno_error("ftruncate(" + path_ + ")");
        }
    }
    if (!pending.empty() && offset_ + pending.size() <= kMaxFileSize) {
        auto written = write_all(locked.get(), pending, path_);
        if (!written) {
            return written;  // a torn record: the next writer cuts it off
        }
        for (const Pending& p : pending_uids) {
            if (!entries_.empty() && p.uid <= entries_.back().uid) {
                sorted_ = false;
            }
            entries_.push_back(Entry{p.uid, static_cast<std::uint32_t>(offset_ + p.offset)});
        }
        records_ += pending_uids.size();
        offset_ += pending.size();
    }
    if (may_compact) {
        const std::size_t dead = dead_records();
        if (dead >= kMinDeadForCompaction && dead * 4 > records_) {
            std::vector<Entry> live;
            live.reserve(entries_.size());
            for (const Entry& e : entries_) {
                if (!alive_ || alive_(e.uid)) {
                    live.push_back(e);
                }
            }
            ++compactions_;
            return rewrite(live, {});
        }
    }
    return {};
}

Result<void> MessageCache::rewrite(const std::vector<Entry>& records, const std::string& tail)
{
    const std::string dir = parent_dir(path_);
    const std::string tmp = temp_path_for(path_);
    UniqueFd out(::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
                        file_mode_for_directory(dir)));
    if (!out) {
        return storage_errno_error("open(" + tmp + ")");
    }
    std::vector<Entry> by_offset = records;
    std::sort(by_offset.begin(), by_offset.end(),
              [](const Entry& a, const Entry& b) { return a.offset < b.offset; });
    std::vector<Entry> fresh;
    fresh.reserve(records.size());
    std::string buffer = encode_file_header(uidvalidity_);
    std::uint64_t pos = buffer.size();
    Result<void> written;
    const auto add_record = [&](std::string_view bytes, std::uint32_t uid) {
        if (pos + bytes.size() > kMaxFileSize) {
            return;
        }
        fresh.push_back(Entry{uid, static_cast<std::uint32_t>(pos)});
        buffer += bytes;
        pos += bytes.size();
        if (buffer.size() >= kFlushBytes && written) {
            written = write_all(out.get(), buffer, tmp);
            buffer.clear();
        }
    };
    for (const Entry& e : by_offset) {
        const RecordFrame frame = frame_record(read_at(e.offset, kRecordHeaderSize));
        const std::string_view bytes = read_at(e.offset, frame.length);
        if (frame.status != RecordFrame::Status::Damaged && decode_record(bytes, e.uid)) {
            add_record(bytes, e.uid);
        }
    }
    std::string_view rest(tail);
    while (!rest.empty()) {
        const RecordFrame frame = frame_record(rest);
        if (frame.status != RecordFrame::Status::Complete) {
            break;
        }
        add_record(rest.substr(0, frame.length), frame.uid);
        rest.remove_prefix(frame.length);
    }
    if (written) {
        written = write_all(out.get(), buffer, tmp);
    }
    struct stat st {};
    if (written && ::fstat(out.get(), &st) < 0) {
        written = storage_errno_error("fstat(" + tmp + ")");
    }
    // A cache is rebuilt when lost, so the new file is not fsynced.
    if (written && ::rename(tmp.c_str(), path_.c_str()) < 0) {
        written = storage_errno_error("rename(" + tmp + ")");
    }
    if (!written) {
        ::unlink(tmp.c_str());
        forget_file();
        return written;
    }
    forget_file();
    fd_ = std::move(out);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    usable_ = true;
    offset_ = pos;
    records_ = fresh.size();
    entries_ = std::move(fresh);
    sorted_ = false;  // sort_entries() checks the order and drops duplicates
    return {};
}

}  // namespace roost::storage::cache
