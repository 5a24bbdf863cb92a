// The saved parse of an mbox ("roost-mbox-parse" in the mailbox's index directory): the file's
// identity, its X-IMAPbase and every message's offsets, UID, flags and sizes, so that a new
// session opening an unchanged mbox reads this instead of the whole file (as Dovecot compares
// the file's size and mtime with its index). Pure encode/decode: the file is a cache, and
// anything damaged, truncated or written for another file decodes to nullopt.
//
// When a saved parse may be trusted (parse_is_settled): the parse was made under the mbox
// lock at identity (size S, mtime M) and at time T ("taken", CLOCK_REALTIME, measured under
// the same lock hold). Every writer that respects the lock writes after T, and the kernel
// stamps its write with its coarse clock (at most one tick, <= 10 ms, behind real time)
// truncated to the file system's granularity g. If T >= M + tick + g, every later write gets
// an mtime above M, so an equal (size, mtime) means no write since. Hence the margin: 25 ms
// when M has a sub-second part (a file system with fine timestamps: ext4, xfs, btrfs, tmpfs),
// 3 s when it has none (whole-second file systems such as ext3 or FAT's 2 s). Assumed: the
// wall clock is not stepped back, and a network file system's server clock agrees with ours
// within the margin (Dovecot, which compares whole seconds and no margin, assumes more).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/mbox/mbox_format.hpp"

namespace roost::storage::mbox {

// What tells one state of the file from another. btime (birth time, 0 where the file system
// has none) tells a file re-created with a reused inode number from the old one.
struct MboxIdentity {
    dev_t dev = 0;
    ino_t ino = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t btime_ns = 0;
    bool operator==(const MboxIdentity&) const = default;
    // The same file (not a replacement), whatever its size and mtime.
    bool same_file(const MboxIdentity& o) const
    {
        return dev == o.dev && ino == o.ino && btime_ns == o.btime_ns;
    }
};

// One message of a parse as an open mailbox keeps it.
struct MboxEntry {
    ParsedMessage parsed;  // keywords left empty: `keywords` holds them
    std::uint32_t uid = 0;
    std::uint64_t keywords = 0;  // bits into MboxParse::keywords
    std::uint64_t size = 0;      // as clients see it (what Dovecot calls physical size)
    std::uint64_t vsize = 0;     // with CRLF line ends
};

struct MboxParse {
    MboxIdentity identity;
    std::int64_t taken_ns = 0;  // see parse_is_settled()
    std::optional<MboxBase> base;
    bool has_pseudo = false;   // the file starts with the "FOLDER INTERNAL DATA" message
    bool needs_write = false;  // UIDs given that are not in the file yet
    std::uint32_t last_uid = 0;
    // chunk_sum() of each kSumChunk bytes of the file with every status block and the
    // X-IMAPbase last-UID digits read as '0', so that the bytes a parse came from can be
    // checked without parsing them again (a grown file, flags changed in place, a parse not
    // yet settled); the status blocks are then read again on their own.
    std::vector<std::uint64_t> chunk_sums;
    std::vector<std::string> keywords;
    std::vector<MboxEntry> entries;  // real messages in file order, ascending UIDs
};

inline constexpr std::string_view kMboxParseFile = "roost-mbox-parse";
inline constexpr std::size_t kSumChunk = std::size_t{1} << 20;

// The sum of the file bytes `bytes` found at `offset` (a multiple of 8): the sum over its
// 8-byte words (the last one padded with zeros) of a mix of each word with its index in the
// file. A sum, so that a write can be applied to it from the old and new words alone.
std::uint64_t chunk_sum(std::string_view bytes, std::uint64_t offset);
// Applies a change of the file's bytes at `offset` (a multiple of 8) from `before` (the old
// bytes there, shorter when the file grew) to `after` to the chunk sums, adding chunks.
void update_chunk_sums(std::vector<std::uint64_t>& sums, std::uint64_t offset,
                       std::string_view before, std::string_view after);

// How many chunk sums a file of `size` bytes has.
inline std::size_t chunk_count(std::uint64_t size)
{
    return static_cast<std::size_t>((size + kSumChunk - 1) / kSumChunk);
}

// A fast 64-bit checksum (not cryptographic): any change of one 8-byte word changes it.
std::uint64_t checksum(std::string_view data);

// The saved form. `mbox_path` goes in too, so a copy made for another mailbox is refused.
std::string encode_mbox_parse(const MboxParse& parse, std::string_view mbox_path);
// nullopt for anything that is not a complete, intact, consistent saved parse of `mbox_path`.
std::optional<MboxParse> decode_mbox_parse(std::string_view bytes, std::string_view mbox_path);

// The margin above; `settled` when a parse taken at `taken_ns` of a file whose mtime was
// `mtime_ns` may be trusted while the identity stays equal.
std::int64_t settle_margin_ns(std::int64_t mtime_ns);
inline bool parse_is_settled(std::int64_t mtime_ns, std::int64_t taken_ns)
{
    return taken_ns - mtime_ns >= settle_margin_ns(mtime_ns);
}

}  // namespace roost::storage::mbox
