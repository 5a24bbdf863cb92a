// Reading a Maildir's new/ and cur/ directories into one list of file names, taking care of
// other processes renaming files while we read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::storage::maildir {

// When and how a listing was taken, and the directory mtimes it describes.
struct ListingStamp {
    // False when new/ or cur/ kept changing during every attempt: a file renamed meanwhile
    // may be missing, so nothing may be concluded from an absence.
    bool stable = true;
    // The directories' mtimes (nanoseconds) before the listing that was kept (or after a
    // change of our own that the caller applied to what it knows), and the clock when the
    // listing started.
    std::optional<std::int64_t> new_mtime;
    std::int64_t cur_mtime = 0;
    std::int64_t listed_at = 0;  // CLOCK_REALTIME, nanoseconds

    // Whether a directory changed so shortly before the listing that a change in the same
    // timestamp tick could have gone unnoticed (by `stable`, or by a later mtime compare).
    bool racy() const;
};

// The files of new/ and cur/, their names kept in one buffer (a mailbox of thousands of
// messages costs two allocations, not one per file).
struct DirListing {
    struct Entry {
        std::uint32_t offset = 0;  // of the name in `names`
        std::uint16_t length = 0;
        bool in_new = false;
    };
    std::string names;
    std::vector<Entry> entries;  // new/ first, then cur/
    ListingStamp stamp;

    std::string_view name(const Entry& e) const { return {names.data() + e.offset, e.length}; }
};

// Lists new/ then cur/ (a file moving from new/ to cur/ is therefore seen at least once) and
// repeats the listing while either directory's mtime changed underneath, up to a few times.
// A base may appear in both (moved during the listing); callers prefer the cur/ entry.
// NotFound when `mail_dir`/cur is missing.
// `expected_files`/`expected_name_bytes` (what the last listing found) size the buffers up
// front: growing a 100k-name buffer by doubling copies it many times over.
Result<DirListing> list_maildir(const std::string& mail_dir, std::size_t expected_files = 0,
                                std::size_t expected_name_bytes = 0);

// Whether a listing stamped `stamp` may stand for a new one: it was stable and the mtimes are
// unchanged, and either it is not racy or it is less than a second old. A racy listing is so
// trusted for a second, then taken again, as Dovecot does (MAILDIR_SYNC_SECS): a change that
// hid behind another in the same timestamp tick is seen within a second. (Kernels with
// multigrain timestamps, Linux 6.13 and later, give a change that follows a stat() a new
// mtime, so only changes racing our own rename or unlink can hide at all.)
bool listing_still_current(const std::string& mail_dir, const ListingStamp& stamp);

// For a change of our own in new/ (`in_new`) and/or cur/ (`in_cur`): whether those
// directories are still as `stamp` describes them, before the change.
bool stamp_matches(const std::string& mail_dir, const ListingStamp& stamp, bool in_new,
                   bool in_cur);
// After the change, when stamp_matches() held before it and the caller applied the change to
// what it knows: the stamp takes the directories' new mtimes. Its listing time stays, so the
// (now racy) stamp is trusted for the rest of that second only.
void stamp_own_change(const std::string& mail_dir, ListingStamp& stamp, bool in_new,
                      bool in_cur);

// Removes files in tmp/ older than 36 hours (interrupted deliveries), as Dovecot does.
void clean_maildir_tmp(const std::string& mail_dir);

}  // namespace roost::storage::maildir
