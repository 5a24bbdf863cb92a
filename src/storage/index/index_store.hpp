// IndexStore: one mailbox's roost-index on disk, kept in memory between reads. A reader takes
// in only what changed: nothing when the file it holds open is unchanged, the appended lines
// when it grew, the whole file when another process replaced it. Writers lock the file itself
// with flock() (released by the kernel when a process dies, so kill -9 leaves no stale lock),
// append the difference their change makes, and replace the file with a compact rewrite once
// the appended lines outnumber half the entries.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "core/unique_fd.hpp"
#include "storage/index/index_file.hpp"

namespace roost::storage::index {

class IndexStore {
public:
    // `path` empty keeps the index in memory only (INDEX=MEMORY).
    explicit IndexStore(std::string path) : path_(std::move(path)) {}

    // The index as last read or written; uidvalidity 0 when there is none yet.
    const IndexFile& file() const { return file_; }

    // Takes in what other processes wrote since the last call. A missing file reads as an
    // empty index; one that does not parse too, with a warning (it is a cache: the next update
    // rewrites it). After release(), `entries_needed` false reads nothing while the file is
    // unchanged (the header fields are still right).
    void refresh(bool entries_needed = true);

    // Under the file's lock: takes in the latest state, applies `change` to it (to an empty
    // index of `uidvalidity` when the file holds another mailbox generation) and writes the
    // difference. file() then holds the result. On failure nothing in memory changes.
    Result<void> update(std::uint32_t uidvalidity, const std::function<void(IndexFile&)>& change);

    // Replaces the state in memory without writing it (the file could not be written); the
    // next refresh() reads the file again.
    void adopt(IndexFile file);

    // Frees the entries (the header fields stay) for an idle session; the next refresh() that
    // needs them or update() reads the whole file again. The file stays open (so that an
    // unchanged file can be told from a replaced one). Nothing to free when the index lives
    // in memory only.
    void release();

    // Appended lines past which update() rewrites the file compactly.
    static std::size_t compact_after(std::size_t entries) { return 256 + entries / 2; }

private:
    struct Held {
        dev_t dev = 0;
        ino_t ino = 0;
    };
    // Reads the file open as `fd` (whose stat is `st`): only its tail when it is the file
    // already held, all of it otherwise; `fd` becomes the held one.
    void load(UniqueFd fd, const struct stat& st);
    void reset_to_empty();

    std::string path_;
    IndexFile file_;
    UniqueFd fd_;  // the file file_ came from, held open so that its inode cannot be reused
    Held held_;
    off_t offset_ = 0;       // bytes of it taken in (up to the last complete line)
    std::size_t lines_ = 0;  // body lines in those bytes
    bool broken_ = false;    // it did not parse: the next update rewrites it
    bool released_ = false;  // release() freed the entries of the file held
};

}  // namespace roost::storage::index
