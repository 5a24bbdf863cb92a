// MaildirMailbox: the Maildir half of a mailbox. Messages are files in new/ and cur/ whose
// names carry the flags; UIDs live in dovecot-uidlist, keyword names in dovecot-keywords,
// both in the control directory and both locked by dovecot-uidlist.lock, as Dovecot does.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/dotlock.hpp"
#include "storage/index/index_mailbox.hpp"
#include "storage/maildir/maildir_scan.hpp"
#include "storage/maildir/name_table.hpp"
#include "storage/maildir/uidlist_store.hpp"

namespace roost::storage::maildir {

struct MaildirPaths {
    std::string mail;             // has new/ cur/ tmp/
    std::string control;          // dovecot-uidlist, dovecot-keywords, the lock
    std::string index;            // roost-index; empty keeps it in memory
    std::string uidvalidity_dir;  // the root's control dir (dovecot-uidvalidity)
};

struct MaildirOptions {
    LockSettings locks;
    bool fsync = true;
};

class MaildirMailbox final : public index::IndexMailbox {
public:
    // Opens the mailbox at `paths` (which must exist) and, unless save_only, syncs it.
    static Result<std::unique_ptr<MaildirMailbox>> open(std::string name, MaildirPaths paths,
                                                        const OpenOptions& options,
                                                        const MaildirOptions& maildir_options);

    const MaildirPaths& paths() const { return paths_; }
    // new/ and cur/: deliveries link into new/, flag changes and expunges rename or unlink in
    // both.
    std::vector<std::string> change_paths() const override
    {
        return {paths_.mail + "/new", paths_.mail + "/cur"};
    }
    // Also frees the uidlist records and the known files and their names: the view keeps the
    // sizes and dates, so reading them back costs a listing and no stat() per file.
    void release_caches() override;
    std::string index_dir() const override { return paths_.index; }
    // How the last sync that read anything learnt the files: from roost-maildir-state without
    // listing new/ and cur/ (true), or by listing them (for tests and debugging).
    bool last_read_from_state() const { return last_read_from_state_; }

protected:
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
    Result<std::uint32_t> copy_message(const MessageInfo& info, Mailbox& dest) override;

private:
    MaildirMailbox(std::string name, MaildirPaths paths, const OpenOptions& options,
                   const MaildirOptions& maildir_options);

    // One message file as the last listing found it: 20 bytes, its name in names_. Its size
    // and INTERNALDATE are the view's once the view has taken it in (IndexMailbox keeps them,
    // see disk_state()); until then they wait in pending_.
    struct KnownFile {
        std::uint32_t uid = 0;
        std::uint32_t name_offset = 0;
        std::uint32_t keywords = 0;  // a file name holds 26 (a-z)
        std::uint16_t name_length = 0;
        std::uint16_t base_length = 0;
        std::uint8_t flags = 0;  // Flags bits, never \Recent
        bool in_new = false;
        // Unlinked by us: out of the view, but its base stays in known_by_base_ until the next
        // listing.
        bool gone = false;
    };
    // What the view still lacks of a file it has not taken in yet.
    struct FileDetails {
        std::uint32_t uid = 0;
        std::uint64_t size = 0;
        std::optional<std::uint64_t> vsize;
        std::int64_t mtime = 0;  // INTERNALDATE
    };
    // What one pass over a listing resolved.
    struct Resolved {
        std::vector<KnownFile> files;      // ascending UIDs
        std::vector<FileDetails> details;  // of the files read for the first time
        NameTable by_base;                 // positions in `files`
        std::string names;
        bool unknown = false;   // files without a UID (or no usable uidlist)
        bool vanished = false;  // files gone between the listing and their stat()
    };

    Result<Dotlock> lock_uidlist();
    // Gives UIDs to the listed files that have none, and drops from dovecot-uidlist the
    // records in `drop` (UIDs whose files are gone). Under the lock.
    Result<void> assign_uids(const DirListing& listing, const std::vector<std::uint32_t>& drop);
    // Fresh dovecot-uidlist contents for a mailbox that has none (or a corrupted one).
    Result<Uidlist> new_uidlist();
    // Matches the listing against the uidlist and the files known from the last pass, reading
    // (stat()) only files not seen before.
    Resolved resolve(const DirListing& listing, bool validate_uids) const;
    // Makes `resolved` the known files, and the DiskState of them.
    index::DiskState adopt(Resolved resolved);
    // The known files with their sizes and dates: from pending_ for files the view has not
    // taken in, from the view for the others (a file neither knows is read again). The view
    // takes the result in, so pending_ is emptied.
    index::DiskState disk_state();
    // Whether the view's sizes and dates stand for the files of the uidlist now held (same
    // UIDVALIDITY).
    bool view_matches_uidlist() const { return uidvalidity() == uidlist_.header().uidvalidity; }
    // Reads back what release_caches() freed, before a change or a file lookup that needs
    // the known files; the next sync then hands the view the whole state.
    Result<void> ensure_known();
    // Uidlist records whose files a pass did not find (`files` ascending), new to known_gone_.
    std::vector<std::uint32_t> newly_gone(const std::vector<KnownFile>& files) const;
    // Finds the current name of a message whose file was renamed by someone else; false when
    // it is gone.
    Result<bool> relocate(std::uint32_t uid);
    const KnownFile* known(std::uint32_t uid) const;
    std::string_view name_of(const KnownFile& f) const { return {names_.data() + f.name_offset, f.name_length}; }
    std::string file_path(const KnownFile& f) const;
    // Appends a file name to names_; false when it cannot be described (offset or length).
    bool add_name(std::string_view name);
    // Records that a message's file now has `name` (a rename of ours).
    void renamed(std::uint32_t uid, std::string_view name, bool in_new);
    // Records a file we saved (UIDs rise, so it goes last) or removed.
    void added(std::uint32_t uid, std::string_view name, bool in_new, std::uint64_t size,
               std::int64_t mtime);
    void removed(const std::vector<std::uint32_t>& uids);
    // Whether the known files still describe new/ and/or cur/, so that a change of ours can be
    // applied to them instead of listing the directories again.
    bool trackable(bool in_new, bool in_cur) const
    {
        return known_complete_ && stamp_matches(paths_.mail, stamp_, in_new, in_cur);
    }
    // After a change of ours that trackable() allowed and that was applied to the known files.
    void tracked(bool in_new, bool in_cur) { stamp_own_change(paths_.mail, stamp_, in_new, in_cur); }
    Result<void> refresh_keywords(bool force);
    // roost-maildir-state (maildir_state.cpp): the known files of a full listing, kept for the
    // next process that opens the mailbox.
    enum class StateUse {
        None,     // no usable snapshot: list as usual
        Seeded,   // known_ and pending_ hold the snapshot's files, to be checked by a listing
                  // (which then needs no stat() for them); the stamps did not match
        Trusted,  // nothing changed since it was taken: known_ is complete, no listing needed
    };
    // Builds known_by_base_ when by_base_pending_.
    void index_known();
    // Reads the snapshot into known_, names_ and pending_ (known_ must be
    // empty). Never trusts a snapshot that does not parse or whose stamps differ from the
    // directories and control files now.
    StateUse restore_state();
    // Writes the snapshot of known_ (just listed) with the sizes and dates `state` gives them,
    // when the listing was complete and nothing changed since it; failures are ignored (it is
    // a cache).
    void save_state(const index::DiskState& state) const;
    // Links `source` (an existing file) or renames nothing: saves a hard link of it as a new
    // message with the given flags. NotFound when `source` vanished.
    Result<std::uint32_t> save_link(const std::string& source, std::uint64_t size,
                                    std::optional<std::uint64_t> vsize, Flags flags,
                                    const std::vector<std::string>& keywords);
    // Puts the finished file `from` (in tmp/ or another mailbox) into new/ or cur/ under a
    // fresh UID (`wanted_uid` when it is not below the next one; `wanted_uidvalidity` for a new
    // uidlist; 0: none wanted). `from_tmp` files are unlinked afterwards.
    Result<std::uint32_t> commit_file(const std::string& from, bool from_tmp,
                                      const std::string& base, Flags flags, std::uint64_t keywords,
                                      std::uint32_t wanted_uid = 0, std::uint32_t wanted_uidvalidity = 0);

    MaildirPaths paths_;
    MaildirOptions maildir_options_;
    UidlistStore uidlist_;
    std::vector<std::string> keywords_;
    std::optional<std::pair<ino_t, std::int64_t>> keywords_key_;  // inode and mtime read
    // The files of the last pass in UID order, their names in names_ (renames of ours are
    // appended; the next pass packs them again), indexed by base. One record per message in
    // all: the uidlist's and roost-index's records and the view hold the rest.
    std::vector<KnownFile> known_;
    std::string names_;
    NameTable known_by_base_;
    // known_by_base_ does not index known_ yet: restore_state() leaves it to the first listing
    // or save that needs it (a session opened at rest may never need it). See index_known().
    bool by_base_pending_ = false;
    std::vector<FileDetails> pending_;  // ascending UIDs
    bool released_ = false;             // release_caches() freed known_ (and the rest)
    // ... when they were complete and matched the uidlist held: while the directories and the
    // uidlist stay unchanged, a sync need not read anything back.
    bool released_complete_ = false;
    ListingStamp stamp_;                     // of the listing known_ came from
    std::uint64_t seen_uidlist_changes_ = 0;  // uidlist_.changes() when known_ was made
    std::uint64_t seen_uidlist_generation_ = 0;
    bool known_complete_ = false;  // every listed file had a UID and could be read
    // known_ changed in a way the view does not know of yet (a save of ours, a file found
    // renamed by someone else): the next sync returns the whole state, not "unchanged".
    bool view_stale_ = true;
    // UIDs the uidlist still holds whose files are known to be gone (expunged here, or missed
    // by two listings): they are dropped from the file only now and then, as Dovecot does.
    std::vector<std::uint32_t> known_gone_;  // ascending
    bool tmp_cleaned_ = false;
    bool last_read_from_state_ = false;
};

}  // namespace roost::storage::maildir
