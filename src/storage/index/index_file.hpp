// IndexFile: Roost's small per-mailbox state file ("roost-index") for what the mail files do
// not hold: MODSEQs and the \Recent boundary. Pure parse and serialise. Text, one line per
// message, rewritten whole through rename(); a proper on-disk index replaces it later.
//     roost-index 1 V<uidvalidity> M<highest modseq> R<first recent uid>
//     <uid> <modseq> <flag bits hex> <keyword bits hex>
// The flag and keyword bits are the state the MODSEQ belongs to, so a change made by another
// program (mutt renaming a file) is seen as a difference and gets a new MODSEQ.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::storage::index {

struct IndexEntry {
    std::uint32_t uid = 0;
    std::uint64_t modseq = 1;
    std::uint8_t flags = 0;  // Flags::bits() without \Recent
    std::uint64_t keywords = 0;
    bool operator==(const IndexEntry&) const = default;
};

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

// Corrupted for anything that does not parse: the file is a cache and is then rebuilt.
Result<IndexFile> parse_index_file(std::string_view bytes);
std::string serialize_index_file(const IndexFile& file);

}  // namespace roost::storage::index
