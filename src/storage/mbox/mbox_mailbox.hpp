// MboxMailbox: the mbox half of a mailbox. Messages live in one file separated by From_
// lines; UIDs, flags and keywords live in the X-IMAPbase/X-UID/Status/X-Status/X-Keywords
// headers Dovecot writes, so the file can go between Roost and Dovecot unchanged.
//
// Changes that only touch one message's status headers are written in place into their
// padding (one pwrite); every other change (expunge, new UIDs, new keywords, headers without
// room) writes a complete new file beside the old one and rename()s it over, so a kill at any
// moment leaves the old or the new file (see doc/storage.md, "mbox").
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/unique_fd.hpp"
#include "storage/index/index_mailbox.hpp"
#include "storage/mbox/mbox_format.hpp"
#include "storage/mbox/mbox_lock.hpp"
#include "storage/mbox/mbox_parse_cache.hpp"

namespace roost::storage::mbox {

struct MboxPaths {
    std::string file;       // the mbox file
    std::string index_dir;  // where roost-index lives; empty keeps it in memory
};

struct MboxOptions {
    MboxLockConfig locks;
    bool fsync = true;
};

class MboxMailbox final : public index::IndexMailbox {
public:
    // Opens the mailbox whose file is paths.file and, unless save_only, syncs it. A missing
    // file is an empty mailbox (it is created by the first append).
    static Result<std::unique_ptr<MboxMailbox>> open(std::string name, MboxPaths paths,
                                                     const OpenOptions& options,
                                                     const MboxOptions& mbox_options);

    const MboxPaths& paths() const { return paths_; }
    // The directory holding the file: every writer changes the file's entry there.
    std::vector<std::string> change_paths() const override;
    std::string index_dir() const override { return paths_.index_dir; }

    // Test hook: called at each step of a rewrite (with the chunk number after writing each
    // chunk of the new file, then kProbeBeforeRename and kProbeAfterRename), so tests can
    // kill the process there.
    static constexpr int kProbeBeforeRename = 1000;
    static constexpr int kProbeAfterRename = 1001;
    void set_rewrite_probe(std::function<void(int)> probe) { probe_ = std::move(probe); }

    // How load() last brought the parse up to date (for tests): the saved parse as it was, the
    // saved parse checked against the file's bytes, only the appended part, only the status
    // headers, or everything.
    enum class LoadKind { None, Saved, SavedChecked, Grown, StatusOnly, Full };
    LoadKind last_load() const { return last_load_; }

protected:
    // The index's sync, then the parse saved when this sync had to parse or rewrite the file.
    Result<SyncResult> sync() override;
    Result<index::DiskState> read_disk_state() override;
    const std::vector<std::string>& backend_keywords() const override { return keywords_; }
    Result<std::uint64_t> keyword_bits(const std::vector<std::string>& names, bool create) override;
    Result<index::StoredFlags> write_flags(std::uint32_t uid, StoreMode mode, Flags flags,
                                           std::uint64_t keywords) override;
    Result<void> remove_messages(const std::vector<std::uint32_t>& uids) override;
    Result<void> mark_not_new(const std::vector<std::uint32_t>& uids) override;
    Result<MessageFile> open_file(std::uint32_t uid) override;
    Result<std::uint32_t> save_message(const AppendRequest& request,
                                       std::uint64_t keywords) override;

private:
    MboxMailbox(std::string name, MboxPaths paths, const OpenOptions& options,
                const MboxOptions& mbox_options);

    using Identity = MboxIdentity;
    using Entry = MboxEntry;  // one message of the last parse
    // A held lock on the file; releases on destruction unless it was already held (nested).
    class Scope {
    public:
        explicit Scope(MboxMailbox* box) : box_(box) {}
        Scope(Scope&& o) noexcept : box_(o.box_) { o.box_ = nullptr; }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;
        Scope& operator=(Scope&&) = delete;
        ~Scope();

    private:
        MboxMailbox* box_;
    };

    // Opens the file (creating it when `create`); false when it does not exist.
    Result<bool> open_fd(bool create);
    // Locks the file (shared or exclusive) and makes sure fd_ is the file now at the path.
    // A lock already held at least as strongly is reused. nullopt: there is no file.
    Result<std::optional<Scope>> lock_file(bool exclusive, bool create);
    // Brings the parse up to date with the file (under a lock): nothing when its identity is
    // the one parsed; else the saved parse when it is of this very file state (a new
    // session), only the appended tail when the same file just grew, the whole file otherwise.
    Result<void> load(bool force);
    // Adopts `data` (the whole file, whose identity is `id`) as the current parse.
    void adopt(std::string_view data, const Identity& id);
    // After our own append of `record` at `offset` to a file whose parse we held: the record's
    // message joins the parse, so the next append or sync need not read the whole mbox again.
    void adopt_appended(std::string_view record, std::size_t offset, std::uint32_t uid,
                        std::uint64_t keywords, const Identity& id);
    // Installs the saved parse (roost-mbox-parse) when it is of the file now at `id`
    // (settled, or its bytes checked against its chunk sums) or of an earlier, shorter state
    // of the same file. False when there is none to use.
    Result<bool> restore_saved(const Identity& id);
    // The file grew from identity_ to `id`: checks the old bytes against the chunk sums, then
    // parses from the last known message on and joins the result to the parse. False
    // (nothing changed) when the old part is not as it was: the caller parses everything.
    Result<bool> parse_grown(const Identity& id);
    // The same file, same size, new mtime (flags written in place by another session,
    // Dovecot or mutt): when only status blocks differ (the chunk sums leave them out), reads
    // just those again. False (the parse partly updated) when anything else changed.
    Result<bool> reread_status(const Identity& id);
    // Reads every status block again into the parse; false when one is no longer one.
    Result<bool> reread_blocks();
    // Before releasing the lock after parsing or writing the file: waits (at most a few ms,
    // holding the lock) until the parse is settled, so that saving it later is sound, and
    // marks it to be saved. Nothing without an index directory.
    void settle();
    // Writes the current parse to roost-mbox-parse when it is settled (under a lock, the
    // file's identity checked equal to the parse's).
    void save_parse();
    // After our own write that left the file at `id`: the parse is exact now if it was exact
    // under this lock hold or settled before (no one else's write can hide behind ours),
    // else of unknown age.
    void note_own_write(const Identity& id);
    // The index bit of keyword `name`, adding it to keywords_ when there is room.
    std::optional<std::size_t> add_keyword(const std::string& name);
    // UIDVALIDITY bookkeeping after base_ and last_uid_ changed.
    void note_base();
    // Chunk sums: all of them from the whole file's bytes; before we write `text` at `offset`
    // of the file (whose parse is current), applying the change to them; checking the file's
    // first `size` bytes against them.
    void set_chunk_sums(std::string_view data);
    // The sums leave out the X-IMAPbase last-UID digits, which every append raises in place
    // (they are read again instead): they read as '0' in `buf`, the bytes at `offset`.
    void mask_volatile(std::string& buf, std::uint64_t offset) const;
    // Whether the file's last-UID digits still say base_->last_uid.
    Result<bool> last_uid_matches();
    void track_write(std::size_t offset, std::string_view text);
    Result<bool> chunks_match(std::uint64_t size);
    Result<Identity> fd_identity() const;
    Result<std::string> read_all() const;
    // Writes a new file under the exclusive lock: messages for which `change` returns false
    // are left out, the others get the status values it leaves. `keywords_` is the new
    // X-IMAPbase keyword list.
    Result<void> rewrite(const std::function<bool(std::uint32_t uid, StatusValues&)>& change);
    // The status values on disk of entry `e`.
    StatusValues status_of(const Entry& e) const;
    // Writes entry `i`'s status block in place; false when the new values do not fit.
    Result<bool> write_in_place(std::size_t i, const StatusValues& values);
    const Entry* find(std::uint32_t uid) const;
    std::vector<std::string> names_of(std::uint64_t bits) const;
    void probe(int step) const
    {
        if (probe_) {
            probe_(step);
        }
    }

    MboxPaths paths_;
    MboxOptions mbox_options_;
    UniqueFd fd_;
    std::optional<MboxLock> lock_;
    bool loaded_ = false;
    Identity identity_;
    std::int64_t taken_ns_ = 0;              // when the parse was known to match identity_
    bool has_pseudo_ = false;                // the file starts with the pseudo message
    std::vector<std::uint64_t> chunk_sums_;  // see MboxParse::chunk_sums
    bool sums_valid_ = false;                // false after a write we could not follow
    bool save_pending_ = false;              // parsed or rewritten since the last save
    bool exact_ = false;  // the parse matches the file and the lock was held since it was made
    std::optional<MboxBase> base_;
    std::uint32_t last_uid_ = 0;
    std::uint32_t max_uid_seen_ = 0;  // never lower, so an emptied file reuses no UID
    bool needs_write_ = false;        // messages without valid X-UIDs, or no X-IMAPbase
    std::vector<Entry> entries_;      // real messages in file order (= ascending UIDs)
    std::vector<std::string> keywords_;
    std::uint32_t uidvalidity_hint_ = 0;  // for a file without X-IMAPbase
    bool temp_cleaned_ = false;
    std::function<void(int)> probe_;
    LoadKind last_load_ = LoadKind::None;
};

}  // namespace roost::storage::mbox
