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

// When and how a listing was taken.
struct ListingStamp {
    // False when new/ or cur/ kept changing during every attempt: a file renamed meanwhile
    // may be missing, so nothing may be concluded from an absence.
    bool stable = true;
    // The directories' mtimes (nanoseconds) before the listing that was kept, and the clock
    // when it started: a later listing can be skipped while the mtimes stay the same and are
    // older than the listing by more than the file system's timestamp granularity.
    std::optional<std::int64_t> new_mtime;
    std::int64_t cur_mtime = 0;
    std::int64_t listed_at = 0;  // CLOCK_REALTIME, nanoseconds

    // Whether a directory changed so shortly before the listing that a rename in the same
    // timestamp tick could have gone unnoticed by `stable`.
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
Result<DirListing> list_maildir(const std::string& mail_dir);

// Whether a listing stamped `stamp` still describes the directories: it was stable, not racy,
// and their mtimes are unchanged.
bool listing_still_current(const std::string& mail_dir, const ListingStamp& stamp);

// Removes files in tmp/ older than 36 hours (interrupted deliveries), as Dovecot does.
void clean_maildir_tmp(const std::string& mail_dir);

}  // namespace roost::storage::maildir
