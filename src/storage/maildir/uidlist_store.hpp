// UidlistStore: one mailbox's dovecot-uidlist on disk, kept in memory between reads. Reading
// needs no lock. The file read last stays open, so its inode cannot be reused: a file with the
// same inode is the same file, which writers only ever append to (Dovecot does the same), so
// a refresh reads just the lines added since; a replaced file (rename()) is read whole.
// write() and append() must be called with dovecot-uidlist.lock held, after a refresh() under
// that same lock.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/unique_fd.hpp"
#include "storage/maildir/maildir_state_file.hpp"
#include "storage/maildir/uidlist.hpp"

namespace roost::storage::maildir {

class UidlistStore {
public:
    explicit UidlistStore(std::string path) : path_(std::move(path)) {}

    // Takes in what changed on disk since the last call. A missing file leaves present()
    // false; a header that does not parse leaves corrupted() true (both are then rebuilt by
    // the caller under the lock). Other errors are returned.
    Result<void> refresh();

    bool present() const { return present_; }
    // release() or adopt_unread() left the records unread: uid_of() finds nothing until the
    // next refresh().
    bool released() const { return released_; }
    bool corrupted() const { return corrupted_; }
    // The header fields and parse notes of the file; `records` is always empty: an open
    // mailbox keeps only each record's UID, a 32-bit hash of its base and where its line is in
    // the file (12 bytes), and reads the line again to confirm a lookup.
    const Uidlist& header() const { return header_; }
    std::size_t record_count() const { return records_.size(); }
    std::uint32_t record_uid(std::size_t i) const { return records_[i].uid; }
    // The whole list, records included, read from the file (to write a changed copy; under
    // the lock, after a refresh()).
    Result<Uidlist> full_list() const;
    // Frees the records (the header fields stay) for an idle session; the next refresh()
    // reads the whole file again (a new generation()). The file stays open, so that
    // unchanged_on_disk() can tell it from a replaced one.
    void release();
    // Whether the file is the one held and has not grown since it was last read (a stat(),
    // nothing read): after release(), whether the freed records would be read back as they
    // were.
    bool unchanged_on_disk() const;
    // The file held, when present, not corrupted and taken in whole (no unfinished last line,
    // nothing appended since): what a snapshot of the records read from it can be checked
    // against later.
    std::optional<FileStamp> held_stamp() const;
    // Holds the file at path() without reading it, as release() would have left it, when it
    // still is the file `stamp` describes; the header fields are the ones given. The next
    // refresh() reads the records (changes() and generation() stay when the file is still the
    // same). False (nothing changed) when the file differs or cannot be opened.
    bool adopt_unread(const FileStamp& stamp, std::uint32_t uidvalidity, std::uint32_t next_uid,
                      std::string guid);
    // Drops the copy of the file a whole read keeps for the lookups that usually follow it.
    // (Assigning an empty string would keep the buffer: libstdc++ moves a short string into a
    // long one by copying its characters.)
    void trim() { std::string().swap(warm_); }
    const std::string& path() const { return path_; }
    std::optional<std::uint32_t> uid_of(std::string_view base) const;

    // Counts every change of list() (appends included), and every change that could have
    // changed or dropped existing records (a file read whole): callers compare them to what
    // they saw before to know whether anything they derived is stale.
    std::uint64_t changes() const { return changes_; }
    std::uint64_t generation() const { return generation_; }

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
    struct Record {
        std::uint32_t uid = 0;
        std::uint32_t line = 0;  // offset of its line in the file
        std::uint32_t hash = 0;  // of its base (only a first filter: lookups read the line)
    };
    // Takes the records of the complete lines of `bytes`, which start at `at` in the file;
    // returns the bytes taken.
    std::size_t take_lines(std::string_view bytes, off_t at);
    void add_record(std::uint32_t uid, off_t line, std::string_view base);
    void clear_records();
    // The base of record `i`, read from warm_ or the file; empty when it cannot be read.
    std::string base_of(std::size_t i) const;
    void forget();
    void mark_missing();
    // Reads the file open as `fd` whole and holds it. `same` (the file released before, not
    // grown): the records are the ones held before, so it is no change.
    Result<void> read_whole(UniqueFd fd, const struct stat& st, bool same = false);

    std::string path_;
    Uidlist header_;
    std::vector<Record> records_;
    std::vector<std::uint32_t> slots_;  // by hash: position in records_ + 1; 0 is empty
    std::string warm_;                  // the file as last read whole, until trim()
    bool present_ = false;
    bool corrupted_ = false;
    UniqueFd fd_;  // the file the records were read from
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    off_t offset_ = 0;  // bytes of it taken in (up to the last complete line)
    std::uint64_t changes_ = 0;
    std::uint64_t generation_ = 0;
    bool released_ = false;  // release() freed the records of the file held
};

}  // namespace roost::storage::maildir
