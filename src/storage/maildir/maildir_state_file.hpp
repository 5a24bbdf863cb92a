// MaildirState: the roost-maildir-state file, a snapshot of what a full sync of a Maildir found
// (every file with its UID, name, size and date) and of the stamps that say whether it still
// holds: the directories' and control files' identities when it was taken. Pure: bytes in,
// bytes out. The file is a cache: anything that does not parse is ignored, never trusted.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roost::storage::maildir {

// Who a file or directory was: enough to tell it from a replaced or changed one.
struct FileStamp {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

// The stamp of what stat() or fstat() returned.
FileStamp file_stamp(const struct stat& st);

// One message file. `name_offset`/`name_length` locate its name in MaildirState::names.
struct StateFile {
    std::uint64_t size = 0;
    std::uint64_t vsize = 0;  // valid when has_vsize
    std::int64_t mtime = 0;   // INTERNALDATE, seconds
    std::uint32_t uid = 0;
    std::uint32_t name_offset = 0;
    std::uint32_t keywords = 0;
    std::uint16_t name_length = 0;
    std::uint16_t base_length = 0;
    std::uint8_t flags = 0;
    std::uint8_t in_new = 0;
    std::uint8_t has_vsize = 0;
    std::uint8_t reserved = 0;
    std::uint32_t spare = 0;  // no padding: every byte written is defined
};
static_assert(sizeof(StateFile) == 48);

// The fields of a snapshot beside its files.
struct MaildirStateHeader {
    // When the listing started and when this snapshot was written (CLOCK_REALTIME, ns).
    std::int64_t listed_at = 0;
    std::int64_t written_at = 0;
    // The directories as the listing found them (mtimes before it; no new/: has_new false).
    FileStamp cur;
    bool has_new = false;
    FileStamp new_dir;
    // dovecot-uidlist as it was read (its header fields below), and dovecot-keywords.
    FileStamp uidlist;
    std::uint32_t uidvalidity = 0;
    std::uint32_t next_uid = 0;
    std::string guid;
    bool has_keywords = false;
    FileStamp keywords;
};

// A snapshot to write.
struct MaildirState : MaildirStateHeader {
    std::vector<StateFile> files;  // ascending UIDs
    std::string names;
};

// A snapshot as read: its files and names stay in the caller's bytes (a 100k-message
// snapshot is ~11 MB; copying it would cost as much as using it).
class MaildirStateView : public MaildirStateHeader {
public:
    std::size_t file_count() const { return count_; }
    StateFile file(std::size_t i) const;
    std::string_view names() const { return names_; }

private:
    friend std::optional<MaildirStateView> parse_maildir_state(std::string_view bytes);
    const char* files_ = nullptr;
    std::size_t count_ = 0;
    std::string_view names_;
};

// The file's bytes: a header naming the format and this host's byte order, the fields, the
// files and names, and a checksum of all of it.
std::string serialize_maildir_state(const MaildirState& state);
// The same in pieces, for a writer that writes the caller's files and names as they are
// (writev) instead of copying ~11 MB into one string for a 100k-message mailbox: `head`, then
// `files` and `names` (the arguments), then `tail`.
struct StatePieces {
    std::string head;
    std::string tail;
};
StatePieces serialize_maildir_state(const MaildirStateHeader& header,
                                    std::span<const StateFile> files, std::string_view names);
// nullopt for anything that is not a complete, consistent snapshot of this format written on
// a host of the same byte order: a wrong magic or version, a bad checksum, a truncated file,
// names out of range, UIDs not ascending.
// The view points into `bytes`, which must outlive it.
std::optional<MaildirStateView> parse_maildir_state(std::string_view bytes);

}  // namespace roost::storage::maildir
