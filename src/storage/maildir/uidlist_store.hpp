// UidlistStore: one mailbox's dovecot-uidlist on disk, cached between reads. Reading needs no
// lock (the file is only ever replaced by rename()); write() must be called with
// dovecot-uidlist.lock held, after a refresh(true) under that same lock.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "storage/maildir/uidlist.hpp"

namespace roost::storage::maildir {

class UidlistStore {
public:
    explicit UidlistStore(std::string path) : path_(std::move(path)) {}

    // Re-reads the file when it changed since the last read, or always when `force` is set.
    // A missing file leaves present() false; a header that does not parse leaves corrupted()
    // true (both are then rebuilt by the caller under the lock). Other errors are returned.
    Result<void> refresh(bool force);

    bool present() const { return present_; }
    bool corrupted() const { return corrupted_; }
    const Uidlist& list() const { return list_; }
    const std::string& path() const { return path_; }
    std::optional<std::uint32_t> uid_of(const std::string& base) const;

    // Replaces the file atomically with `list` and caches it.
    Result<void> write(Uidlist list, mode_t mode, bool fsync);

    // Whether new records may be appended to the file as it is, as Dovecot does: a version 3
    // file without broken lines that ends in a newline (so an append cannot glue onto a line
    // a crashed writer left unfinished).
    bool can_append() const;
    // Appends records whose UIDs start at list().next_uid in one write and caches them. The
    // header's N is then behind, which every reader allows for (N = max(N, last UID + 1)).
    Result<void> append(const std::vector<UidlistRecord>& records, bool fsync);

private:
    struct FileKey {
        dev_t dev = 0;
        ino_t ino = 0;
        off_t size = -1;
        std::int64_t mtime = 0;
        bool operator==(const FileKey&) const = default;
    };
    void set_list(Uidlist list);
    static std::optional<FileKey> stat_key(const std::string& path);

    std::string path_;
    Uidlist list_;
    bool present_ = false;
    bool corrupted_ = false;
    std::optional<FileKey> key_;
    std::unordered_map<std::string, std::uint32_t> by_base_;
};

}  // namespace roost::storage::maildir
