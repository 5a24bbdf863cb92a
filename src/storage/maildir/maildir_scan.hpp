// Reading a Maildir's new/ and cur/ directories into a map from file-name base to file, taking
// care of other processes renaming files while we read.
#pragma once

#include <string>
#include <unordered_map>

#include "core/result.hpp"

namespace roost::storage::maildir {

struct FoundFile {
    std::string filename;
    bool in_new = false;
};

struct ScanOutcome {
    std::unordered_map<std::string, FoundFile> files;  // by base (name up to ':')
    // False when new/ or cur/ kept changing during every attempt: a file renamed meanwhile
    // may be missing from `files`, so nothing may be concluded from an absence.
    bool stable = true;
};

// Lists new/ then cur/ (a file moving from new/ to cur/ is therefore seen at least once) and
// repeats the listing while either directory's mtime changed underneath, up to a few times.
// A base present in both keeps the cur/ entry. NotFound when `mail_dir`/cur is missing.
Result<ScanOutcome> scan_maildir(const std::string& mail_dir);

// Removes files in tmp/ older than 36 hours (interrupted deliveries), as Dovecot does.
void clean_maildir_tmp(const std::string& mail_dir);

}  // namespace roost::storage::maildir
