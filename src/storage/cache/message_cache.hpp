// MessageCache: one mailbox's roost-cache file (doc/storage-cache.md), which keeps what FETCH
// would otherwise parse every message file for (ENVELOPE, BODYSTRUCTURE, BODY, the header
// block), keyed by UID. Like roost-index it is only a cache: the mail files stay the truth, and
// a lost, damaged or foreign (other UIDVALIDITY) file is simply started over.
//
// Processes share the file without coordination beyond flock(): writers append whole records
// under the lock; readers take no lock and take in only the bytes appended since they last
// looked, stopping at a record that is not complete yet. Memory per open mailbox is one
// (UID, offset) pair per cached message plus a bounded read window and write buffer: the file
// itself is never mapped or read whole.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/unique_fd.hpp"
#include "storage/cache/cache_record.hpp"

namespace roost::storage::cache {

struct MessageCacheStats {
    std::size_t records = 0;  // complete records in the file as last read, dead ones included
    std::size_t indexed = 0;  // UIDs that can be looked up
    std::size_t compactions = 0;
    std::size_t restarts = 0;  // files found damaged or of another UIDVALIDITY and started over
};

class MessageCache {
public:
    // `path` is the cache file (created on the first flush). `alive` says whether a UID still
    // names a message; records of others count as dead when deciding to compact. `messages`
    // (optional) counts the mailbox's messages, so that flush() can see that enough records
    // may be dead to look closer even when it has nothing to write.
    MessageCache(std::string path, std::uint32_t uidvalidity,
                 std::function<bool(std::uint32_t)> alive,
                 std::function<std::size_t()> messages = {});
    // Writes what is still buffered (without compacting); failures are only logged.
    ~MessageCache();
    MessageCache(const MessageCache&) = delete;
    MessageCache& operator=(const MessageCache&) = delete;

    const std::string& path() const { return path_; }
    std::uint32_t uidvalidity() const { return uidvalidity_; }

    // Takes in what other processes appended since the last call, or the whole file when it
    // was replaced. Cheap when nothing changed (one stat); call it once per command.
    void refresh();

    // The cached fields of `uid`, or nullopt on a miss (also when its record turns out
    // damaged: the next flush() then checks the file and starts it over if it really is).
    std::optional<CachedMessage> find(std::uint32_t uid);
    // Whether find() would look `uid` up (without reading its record).
    bool contains(std::uint32_t uid);

    // Queues the record of `uid`; flush() writes it, and add() itself does once the queue
    // holds kFlushBytes.
    void add(std::uint32_t uid, const CachedMessage& message);

    // Appends the queued records under the file's lock, after taking in what others appended
    // (and cutting off a crashed writer's torn tail). With `may_compact`, rewrites the file
    // without dead records once they pass a quarter of it (also with nothing queued, when
    // `messages` says enough records may be dead). On failure the queue is dropped:
    // the records are computed again next time. When the file cannot be opened for writing
    // (no permission, read-only file system) the error is returned once and the cache stays
    // read-only from then on.
    Result<void> flush(bool may_compact = true);

    MessageCacheStats stats() const;

    static constexpr std::size_t kFlushBytes = 1u << 20;
    static constexpr std::size_t kWindowBytes = 256u << 10;
    // Record offsets are 32-bit (8 bytes per message in memory); records that would start past
    // this are not written.
    static constexpr std::uint64_t kMaxFileSize = 0xffff0000ULL;

private:
    struct Entry {
        std::uint32_t uid;
        std::uint32_t offset;
    };
    struct Pending {
        std::uint32_t uid;
        std::uint32_t offset;  // in pending_
    };

    void forget_file();
    // Makes `fd` (whose stat is `st`) the file taken in: reads its header and its records.
    void take_file(UniqueFd fd, const struct stat& st);
    // Takes in the records from offset_ up to `end`.
    void scan(std::uint64_t end);
    // Reads every record and checks it; false when one is damaged.
    bool verify();
    // The bytes at [offset, offset + length) of the held file, through the read window; fewer
    // at its end.
    std::string_view read_at(std::uint64_t offset, std::size_t length);
    void sort_entries();
    const Entry* lookup(std::uint32_t uid);
    // Replaces the file with one holding the header, `records` (offsets into the held file)
    // and then `tail` (encoded records); takes the new file.
    Result<void> rewrite(const std::vector<Entry>& records, const std::string& tail);
    std::size_t dead_records();
    // Whether so few messages are left that a compaction may be due (no I/O, no lookups).
    bool compaction_may_be_due() const;

    std::string path_;
    std::uint32_t uidvalidity_;
    std::function<bool(std::uint32_t)> alive_;
    std::function<std::size_t()> messages_;

    UniqueFd fd_;  // the file taken in; held open so that its inode is not reused
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    bool usable_ = false;      // fd_ has a valid header of our UIDVALIDITY
    bool damaged_ = false;     // a record did not check out: verify or start over when writing
    bool writable_ = true;     // false once the file could not be opened for writing
    std::uint64_t offset_ = 0;  // bytes of fd_ taken in (up to the last complete record)
    std::size_t records_ = 0;  // complete records in those bytes

    std::vector<Entry> entries_;
    bool sorted_ = true;

    std::string pending_;
    std::vector<Pending> pending_uids_;

    std::string window_;
    std::uint64_t window_offset_ = 0;

    std::size_t compactions_ = 0;
    std::size_t restarts_ = 0;
};

}  // namespace roost::storage::cache
