// Mailbox: one open mailbox as IMAP, POP3, the LDA and roostadm see it. A snapshot of the
// messages (the "view") that changes only in sync(), store(), expunge(), so sequence numbers
// stay stable between syncs even while other processes deliver, rename and delete files.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/unique_fd.hpp"
#include "storage/flags.hpp"

namespace roost::storage {

namespace cache {
class MessageCache;
}

// One message of the view: 40 bytes, since a session keeps one per message for as long as
// the mailbox is selected (thousands of idle sessions, thousands of messages each).
struct MessageInfo {
    std::uint32_t uid = 0;
    Flags flags;  // \Recent included when this session owns it

private:
    static constexpr std::uint32_t kNoVsize = 0xFFFFFF;
    // RFC822.SIZE minus `size`, in the padding after `flags`: 24 bits, little-endian;
    // kNoVsize when unknown. Read and set through vsize() and set_vsize().
    std::uint8_t vsize_extra_[3] = {0xFF, 0xFF, 0xFF};

public:
    std::uint64_t keywords = 0;      // bit i is Mailbox::keywords()[i]
    std::uint64_t size = 0;          // bytes in the stored file
    std::int64_t internal_date = 0;  // seconds since the epoch
    std::uint64_t modseq = 1;        // RFC 7162 MODSEQ of the last change

    // RFC822.SIZE (CRLF line ends), when already known. It is kept as the number of bytes it
    // adds to `size` (the bare LFs), so set it after `size`; a value that cannot be kept so
    // (below `size`, or 16 million bare LFs or more) reads as unknown and is computed again.
    std::optional<std::uint64_t> vsize() const
    {
        const std::uint32_t extra = std::uint32_t{vsize_extra_[0]} |
                                    (std::uint32_t{vsize_extra_[1]} << 8) |
                                    (std::uint32_t{vsize_extra_[2]} << 16);
        if (extra == kNoVsize) {
            return std::nullopt;
        }
        return size + extra;
    }
    void set_vsize(std::optional<std::uint64_t> vsize)
    {
        const std::uint64_t extra = vsize && *vsize >= size ? *vsize - size : kNoVsize;
        const auto kept = static_cast<std::uint32_t>(extra < kNoVsize ? extra : kNoVsize);
        vsize_extra_[0] = static_cast<std::uint8_t>(kept);
        vsize_extra_[1] = static_cast<std::uint8_t>(kept >> 8);
        vsize_extra_[2] = static_cast<std::uint8_t>(kept >> 16);
    }
};
static_assert(sizeof(MessageInfo) == 40);

struct MailboxStatus {
    std::uint32_t messages = 0;
    std::uint32_t recent = 0;
    std::uint32_t unseen = 0;            // messages without \Seen (STATUS UNSEEN)
    std::uint32_t first_unseen_seq = 0;  // SELECT's [UNSEEN n]; 0 when all are seen
    std::uint32_t uidnext = 1;
    std::uint32_t uidvalidity = 0;
    std::uint64_t highest_modseq = 1;
    std::uint64_t vsize = 0;  // STATUS SIZE: sum of RFC822.SIZE
};

// What sync() or expunge() changed in the view, in the order a protocol reports it.
struct SyncResult {
    // Expunged messages; expunged_seqs[i] is the sequence number message expunged_uids[i] had
    // at the moment of its own removal (descending order, so each "* n EXPUNGE" is valid
    // when sent in this order).
    std::vector<std::uint32_t> expunged_uids;
    std::vector<std::uint32_t> expunged_seqs;
    std::vector<std::uint32_t> changed_uids;  // flags or keywords changed by another session
    std::uint32_t exists = 0;                 // messages in the view afterwards
    bool keywords_changed = false;            // the keyword list grew (IMAP FLAGS response)
    bool uidvalidity_changed = false;         // every UID was lost; IMAP clients must resync
};

struct AppendRequest {
    std::string_view data;  // the whole message
    Flags flags;            // \Recent is ignored
    std::vector<std::string> keywords;
    std::optional<std::int64_t> internal_date;  // seconds since the epoch; now when unset
    // For conversions that keep UIDs (roostadm convert): this UID when it is not below the
    // mailbox's next UID (otherwise the next one), and this UIDVALIDITY when the append is the
    // first to number the mailbox's messages (no UID list or X-IMAPbase yet, or one that never
    // gave out a UID).
    std::optional<std::uint32_t> uid;
    std::optional<std::uint32_t> uidvalidity;
};

struct OpenOptions {
    bool read_only = false;  // EXAMINE, STATUS: never claims \Recent and refuses changes
    bool save_only = false;  // the LDA: no directory scan at open; only append() is useful
};

// An open message file. The descriptor stays valid whatever renames happen afterwards.
struct MessageFile {
    UniqueFd fd;
    std::string path;
    std::uint64_t size = 0;
};

struct UidMapping {
    std::uint32_t source_uid = 0;
    std::uint32_t dest_uid = 0;
};

class Mailbox {
public:
    Mailbox();
    virtual ~Mailbox();
    Mailbox(const Mailbox&) = delete;
    Mailbox& operator=(const Mailbox&) = delete;

    virtual const std::string& name() const = 0;
    virtual bool read_only() const = 0;

    // Takes in what other processes changed: new files get UIDs, vanished files are expunged
    // from the view, renamed files update flags. Failing leaves the previous view.
    virtual Result<SyncResult> sync() = 0;

    virtual std::uint32_t count() const = 0;
    // The message at sequence number `seq` (1 <= seq <= count()).
    virtual const MessageInfo& message(std::uint32_t seq) const = 0;
    virtual std::optional<std::uint32_t> seq_of_uid(std::uint32_t uid) const = 0;
    virtual std::uint32_t uidvalidity() const = 0;
    virtual std::uint32_t uidnext() const = 0;
    virtual std::uint64_t highest_modseq() const = 0;
    // The mailbox's keywords; MessageInfo::keywords indexes this list.
    virtual const std::vector<std::string>& keywords() const = 0;
    std::vector<std::string> keyword_names(std::uint64_t bits) const;

    // Counts over the view. With `with_vsize` also STATUS SIZE, reading the files whose size
    // is not known yet (Maildir files without W=); without it `vsize` stays 0.
    virtual Result<MailboxStatus> status(bool with_vsize) = 0;
    // RFC822.SIZE of the message at `seq`, reading the file when the size is not known yet.
    virtual Result<std::uint64_t> virtual_size(std::uint32_t seq) = 0;

    // The message's file, opened for reading. Expunged when it is gone.
    virtual Result<MessageFile> open_message(std::uint32_t uid) = 0;
    virtual Result<std::string> read_message(std::uint32_t uid) = 0;

    // STORE on the given UIDs (those not in the view are ignored). Keywords new to the mailbox
    // are created. Returns the UIDs whose flags or keywords really changed; their MODSEQs are
    // raised.
    virtual Result<std::vector<std::uint32_t>> store(const std::vector<std::uint32_t>& uids,
                                                     StoreMode mode, Flags flags,
                                                     const std::vector<std::string>& keywords) = 0;

    // Saves a message atomically and returns its UID. It joins the view at the next sync().
    virtual Result<std::uint32_t> append(const AppendRequest& request) = 0;

    // Copies messages (hard links when both sides allow it) keeping flags, keywords and
    // internal dates. Messages expunged meanwhile are skipped.
    virtual Result<std::vector<UidMapping>> copy(const std::vector<std::uint32_t>& uids,
                                                 Mailbox& dest) = 0;
    // copy() then expunge() of the copied messages.
    virtual Result<std::vector<UidMapping>> move(const std::vector<std::uint32_t>& uids,
                                                 Mailbox& dest) = 0;

    // Removes the given messages and drops them from the view.
    virtual Result<SyncResult> expunge(const std::vector<std::uint32_t>& uids) = 0;
    // IMAP EXPUNGE/CLOSE: expunges every message of the view that has \Deleted.
    Result<SyncResult> expunge_deleted();

    // Directories whose entries change when another process delivers, expunges or changes
    // flags (for inotify while a client idles); empty when the backend cannot name them and a
    // caller must poll sync() instead.
    virtual std::vector<std::string> change_paths() const { return {}; }

    // For a session gone quiet: drops what the mailbox can read again from disk (control file
    // records, file names, lookup tables) and keeps the view, so that an idle session holds
    // little more than one record per message. Whatever needs them next reads them back.
    virtual void release_caches() {}

    // The directory holding this mailbox's index files (roost-index, roost-cache); empty when
    // the index lives in memory only (INDEX=MEMORY) and nothing may be written beside it.
    virtual std::string index_dir() const { return {}; }

    // The message cache (roost-cache in index_dir(), doc/storage-cache.md) with what other
    // processes appended taken in: call it once per command, not per message. nullptr when
    // the index lives in memory only or the mailbox has no UIDVALIDITY yet. Owned here.
    cache::MessageCache* message_cache();

private:
    std::unique_ptr<cache::MessageCache> cache_;
};

}  // namespace roost::storage
