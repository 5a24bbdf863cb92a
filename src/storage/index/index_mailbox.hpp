// IndexMailbox: the format-independent half of every mailbox. It owns the view (UIDs, flags,
// keywords, sizes, dates, MODSEQs, \Recent), keeps roost-index up to date and implements
// STORE, EXPUNGE, COPY, MOVE and STATUS on top of a few format-specific hooks that
// MaildirMailbox (and later MboxMailbox) override (STYLE.md #5).
//
// This slice keeps the view in memory, rebuilt at open from the backend's control files and a
// directory scan; roost-index (IndexStore) holds only MODSEQs and the \Recent boundary. A
// persistent index with cached headers replaces that behind the same hooks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/index/index_file.hpp"
#include "storage/index/index_store.hpp"
#include "storage/mailbox.hpp"

namespace roost::storage::index {

// One message as the backend finds it on disk.
struct DiskMessage {
    std::uint32_t uid = 0;
    Flags flags;  // never \Recent
    std::uint64_t keywords = 0;
    std::uint64_t size = 0;
    std::optional<std::uint64_t> vsize;
    std::int64_t internal_date = 0;
    bool is_new = false;  // no mail reader has taken it in yet (Maildir new/)
};

struct DiskState {
    std::uint32_t uidvalidity = 0;
    std::uint32_t uidnext = 1;
    std::vector<DiskMessage> messages;  // ascending UIDs
    // Set (with `messages` left empty) when nothing changed since the state returned last,
    // apart from changes this mailbox made through store() and expunge(), which are already in
    // its view: the sync then has nothing to do.
    bool unchanged = false;
};

// The flags a backend really left on disk after a write (others may have added their own).
struct StoredFlags {
    Flags flags;
    std::uint64_t keywords = 0;
};

class IndexMailbox : public Mailbox {
public:
    const std::string& name() const override { return name_; }
    bool read_only() const override { return options_.read_only; }
    Result<SyncResult> sync() override;
    std::uint32_t count() const override { return static_cast<std::uint32_t>(view_.size()); }
    const MessageInfo& message(std::uint32_t seq) const override { return view_.at(seq - 1); }
    std::optional<std::uint32_t> seq_of_uid(std::uint32_t uid) const override;
    std::uint32_t uidvalidity() const override { return uidvalidity_; }
    std::uint32_t uidnext() const override { return uidnext_; }
    std::uint64_t highest_modseq() const override { return index_.file().highest_modseq; }
    const std::vector<std::string>& keywords() const override { return backend_keywords(); }
    Result<MailboxStatus> status(bool with_vsize) override;
    Result<std::uint64_t> virtual_size(std::uint32_t seq) override;
    Result<MessageFile> open_message(std::uint32_t uid) override;
    Result<std::string> read_message(std::uint32_t uid) override;
    Result<std::vector<std::uint32_t>> store(const std::vector<std::uint32_t>& uids, StoreMode mode,
                                             Flags flags,
                                             const std::vector<std::string>& keywords) override;
    Result<std::uint32_t> append(const AppendRequest& request) override;
    Result<std::vector<UidMapping>> copy(const std::vector<std::uint32_t>& uids,
                                         Mailbox& dest) override;
    Result<std::vector<UidMapping>> move(const std::vector<std::uint32_t>& uids,
                                         Mailbox& dest) override;
    Result<SyncResult> expunge(const std::vector<std::uint32_t>& uids) override;
    // Frees the roost-index entries; backends add their own records.
    void release_caches() override { index_.release(); }

protected:
    // `index_path` is where roost-index lives; empty keeps it in memory only (INDEX=MEMORY).
    IndexMailbox(std::string name, OpenOptions options, std::string index_path);

    const OpenOptions& options() const { return options_; }

    // --- What each format provides ---
    // Every message on disk with its UID; new files get UIDs here.
    virtual Result<DiskState> read_disk_state() = 0;
    // The keyword table; DiskMessage::keywords and MessageInfo::keywords index it.
    virtual const std::vector<std::string>& backend_keywords() const = 0;
    // The bits of `names`, adding those not in the table when `create` is set (others are
    // left out). NotPossible when the format has no room for another keyword.
    virtual Result<std::uint64_t> keyword_bits(const std::vector<std::string>& names,
                                               bool create) = 0;
    // Applies a STORE to one message's file, relative to what is on disk right now.
    virtual Result<StoredFlags> write_flags(std::uint32_t uid, StoreMode mode, Flags flags,
                                            std::uint64_t keywords) = 0;
    // Deletes the messages' files and forgets their UIDs; a file already gone is not an error.
    virtual Result<void> remove_messages(const std::vector<std::uint32_t>& uids) = 0;
    // Tells the format that these new messages were taken in (Maildir: new/ -> cur/).
    virtual Result<void> mark_not_new(const std::vector<std::uint32_t>& uids) = 0;
    virtual Result<MessageFile> open_file(std::uint32_t uid) = 0;
    // Saves a message atomically and returns the UID it got.
    virtual Result<std::uint32_t> save_message(const AppendRequest& request,
                                               std::uint64_t keywords) = 0;
    // Copies one message into `dest`; the default reads it and appends it there.
    virtual Result<std::uint32_t> copy_message(const MessageInfo& info, Mailbox& dest);

    // For backends that create messages by other means than save_message() (hard-link
    // copies): gives the new message its MODSEQ. Failures only cost a later MODSEQ bump.
    void note_saved(std::uint32_t uid, Flags flags, std::uint64_t keywords);
    // For saves into a mailbox opened save_only (never synced): the UIDVALIDITY that
    // roost-index entries belong to.
    void known_uidvalidity(std::uint32_t uidvalidity)
    {
        if (uidvalidity_ == 0) {
            uidvalidity_ = uidvalidity;
        }
    }

private:
    // Applies `change` to roost-index as freshly read under its lock, and saves it.
    Result<void> update_index(const std::function<void(IndexFile&)>& change);

    std::string name_;
    OpenOptions options_;
    std::uint32_t uidvalidity_ = 0;
    std::uint32_t uidnext_ = 1;
    IndexStore index_;
    std::vector<MessageInfo> view_;  // ascending UIDs
};

}  // namespace roost::storage::index
