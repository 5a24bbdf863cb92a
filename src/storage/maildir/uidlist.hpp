// Uidlist: the contents of Dovecot's dovecot-uidlist file, parsed from bytes and serialised
// back. Pure: no I/O. Version 3 is what Dovecot 2.x writes:
//     3 V<uidvalidity> N<nextuid> G<mailbox guid> [other header fields]
//     <uid> [<extension> ...] :<file name base>
// Versions 1 and 2 (Courier's courierimapuiddb and old Dovecot) are read too:
//     1 <uidvalidity> <nextuid>
//     <uid> <file name base>
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::storage::maildir {

struct UidlistRecord {
    std::uint32_t uid = 0;
    std::string extensions;  // "W123 S120" as found, kept verbatim for Dovecot
    std::string base;        // the file name up to ':' (flags are not part of the key)
    bool operator==(const UidlistRecord&) const = default;
};

struct Uidlist {
    unsigned version = 3;
    std::uint32_t uidvalidity = 0;
    std::uint32_t next_uid = 1;             // never below the last record's UID + 1
    std::string guid;                       // 32 hex digits, or empty
    std::vector<std::string> extra_header;  // header fields we do not know, kept verbatim
    std::vector<UidlistRecord> records;     // ascending UIDs
    // Set by the parser: lines it could not use (malformed, or UIDs out of order) and an
    // unterminated last line (a writer that is still appending, or a crash during one).
    std::size_t bad_lines = 0;
    bool partial_tail = false;
};

// Parses the whole file. An unusable header (empty file, unknown version, missing or zero
// UIDVALIDITY) is an error (Corrupted); bad record lines are skipped and counted, and
// next_uid is raised past every UID seen, so no UID in the file can ever be handed out again.
Result<Uidlist> parse_uidlist(std::string_view bytes);
// The same, also giving the bytes up to the end of the last complete line.
Result<Uidlist> parse_uidlist(std::string_view bytes, std::size_t& consumed);
// Adds the records of `bytes` (lines appended to a file already parsed into `list`) with the
// same rules; returns the bytes up to the end of the last complete line and sets partial_tail
// when more follow.
std::size_t parse_uidlist_tail(std::string_view bytes, Uidlist& list);

// Serialises as version 3, whatever version was read.
std::string serialize_uidlist(const Uidlist& list);

// One record line (without the newline), as serialize_uidlist writes it.
std::string serialize_uidlist_record(const UidlistRecord& record);

}  // namespace roost::storage::maildir
