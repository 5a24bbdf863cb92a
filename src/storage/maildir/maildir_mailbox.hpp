// MaildirMailbox: the Maildir half of a mailbox. Messages are files in new/ and cur/ whose
// names carry the flags; UIDs live in dovecot-uidlist, keyword names in dovecot-keywords,
// both in the control directory and both locked by dovecot-uidlist.lock, as Dovecot does.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/dotlock.hpp"
#include "storage/index/index_mailbox.hpp"
#include "storage/maildir/maildir_scan.hpp"
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

    struct FileEntry {
        std::string filename;
        bool in_new = false;
    };
    struct FileStat {
        std::uint64_t size = 0;
        std::int64_t mtime = 0;
    };

    Result<Dotlock> lock_uidlist();
    // Gives UIDs to the files in `found` that have none, and drops from dovecot-uidlist the
    // records in `gone` (UIDs whose files two scans did not find). Under the lock.
    Result<void> assign_uids(const ScanOutcome& found, const std::vector<std::uint32_t>& gone);
    // Fresh dovecot-uidlist contents for a mailbox that has none (or a corrupted one).
    Result<Uidlist> new_uidlist();
    // Finds the current name of a message whose file was renamed by someone else; false when
    // it is gone.
    Result<bool> relocate(std::uint32_t uid);
    std::string file_path(const FileEntry& entry) const;
    Result<void> refresh_keywords(bool force);
    // Links `source` (an existing file) or renames nothing: saves a hard link of it as a new
    // message with the given flags. NotFound when `source` vanished.
    Result<std::uint32_t> save_link(const std::string& source, std::uint64_t size,
                                    std::optional<std::uint64_t> vsize, Flags flags,
                                    const std::vector<std::string>& keywords);
    // Puts the finished file `from` (in tmp/ or another mailbox) into new/ or cur/ under a
    // fresh UID. `from_tmp` files are unlinked afterwards.
    Result<std::uint32_t> commit_file(const std::string& from, bool from_tmp,
                                      const std::string& base, Flags flags, std::uint64_t keywords);

    MaildirPaths paths_;
    MaildirOptions maildir_options_;
    UidlistStore uidlist_;
    std::vector<std::string> keywords_;
    std::optional<std::pair<ino_t, std::int64_t>> keywords_key_;  // inode and mtime read
    std::unordered_map<std::uint32_t, FileEntry> files_;          // by UID, from the last scan
    std::unordered_map<std::string, FileStat> stat_cache_;        // by base: never changes
    bool tmp_cleaned_ = false;
};

}  // namespace roost::storage::maildir
