// IndexFile: Roost's small per-mailbox state file ("roost-index") for what the mail files do
// not hold: MODSEQs and the \Recent boundary. Pure parse and serialise. Text; a rewrite gives
// the header and one line per message, and later changes are appended as lines that apply in
// order, so that a flag change costs one short write instead of a rewrite (IndexStore compacts
// the file now and then):
//     roost-index 2 V<uidvalidity> M<highest modseq> R<first recent uid>
//     <uid> <modseq> <flag bits hex> <keyword bits hex>      (set the entry of <uid>)
//     -<uid>                                                 (drop it: expunged)
//     M<modseq>                                              (highest MODSEQ at least this)
//     R<uid>                                                 (the \Recent boundary moved)
// Version 1 (entry lines only, ascending UIDs) is still read. The flag and keyword bits are the
// state the MODSEQ belongs to, so a change made by another program (mutt renaming a file) is
// seen as a difference and gets a new MODSEQ.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::storage::index {

// 24 bytes: an open mailbox keeps one per message. The constructor keeps the order in which
// callers list the fields (uid, modseq, flags, keywords) while the members are laid out without
// padding.
struct IndexEntry {
    IndexEntry() = default;
    IndexEntry(std::uint32_t entry_uid, std::uint64_t entry_modseq, std::uint8_t entry_flags,
               std::uint64_t entry_keywords)
        : modseq(entry_modseq), keywords(entry_keywords), uid(entry_uid), flags(entry_flags)
    {
    }

    std::uint64_t modseq = 1;
    std::uint64_t keywords = 0;
    std::uint32_t uid = 0;
    std::uint8_t flags = 0;  // Flags::bits() without \Recent
    bool operator==(const IndexEntry&) const = default;
};
static_assert(sizeof(IndexEntry) == 24);

struct IndexFile {
    std::uint32_t uidvalidity = 0;
    std::uint64_t highest_modseq = 1;
    std::uint32_t first_recent_uid = 0;  // 0: not known yet (no index existed)
    std::vector<IndexEntry> entries;     // ascending UIDs

    const IndexEntry* find(std::uint32_t uid) const;
    IndexEntry* find(std::uint32_t uid);
    // Inserts or replaces the entry of `entry.uid`, keeping the order.
    void put(const IndexEntry& entry);
    bool erase(std::uint32_t uid);
};

// What read_index_text() and apply_index_changes() took from the bytes.
struct IndexRead {
    std::size_t consumed = 0;  // bytes up to the end of the last complete line
    std::size_t lines = 0;     // body lines applied (entries and changes)
    unsigned version = 0;      // the header's version (read_index_text only)
};

// Reads a whole file: the header and every complete line. An unterminated last line (a writer
// still appending, or one that crashed) is left out of `consumed`. Corrupted for anything that
// does not parse: the file is a cache and is then rebuilt.
Result<IndexFile> read_index_text(std::string_view bytes, IndexRead& read);
// Applies the complete body lines of `bytes` (what was appended after an earlier read) to
// `file`; an unterminated last line is left out of `read.consumed`.
Result<void> apply_index_changes(IndexFile& file, std::string_view bytes, IndexRead& read);

// The whole file, strictly: an unterminated last line is Corrupted too.
Result<IndexFile> parse_index_file(std::string_view bytes);
// A compact rewrite: the header and one line per entry.
std::string serialize_index_file(const IndexFile& file);
// The lines to append to a file holding `before` so that it holds `after` (same UIDVALIDITY);
// empty when nothing differs.
std::string serialize_index_changes(const IndexFile& before, const IndexFile& after);

}  // namespace roost::storage::index
