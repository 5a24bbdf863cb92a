// The bytes of roost-cache, a mailbox's message cache (doc/storage-cache.md): a 16-byte file
// header naming the UIDVALIDITY, then records appended one after another, each holding the
// cached fields of one UID. Pure: bytes in, values out, no I/O.
//
//   file header:  "RCACHE1\n"  u32 uidvalidity  u32 check(first 12 bytes)
//   record:       u32 length (all of the record)  u32 uid  u32 check(uid and fields)
//                 fields: { u8 id  u32 size  size bytes }...
//
// Integers are little-endian. A record is complete when `length` bytes are there; a shorter
// tail is a write in progress or a crashed writer's. A check that does not match is damage.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roost::storage::cache {

// What a record can hold. The values are the on-disk ids: never renumber them; a reader skips
// ids it does not know, so new fields need no new file version.
enum class CacheField : std::uint8_t {
    Envelope = 1,       // the IMAP ENVELOPE, as sent after "ENVELOPE "
    BodyStructure = 2,  // the IMAP BODYSTRUCTURE (extensible), as sent
    Body = 3,           // the IMAP BODY (non-extensible), as sent
    Header = 4,         // the message's header block as stored, its ending empty line included
};
inline constexpr std::size_t kCacheFieldCount = 4;

// The cached fields of one message; an absent field was not cached (too big, or unknown).
struct CachedMessage {
    std::array<std::optional<std::string>, kCacheFieldCount> fields;

    std::optional<std::string>& operator[](CacheField f)
    {
        return fields[static_cast<std::size_t>(f) - 1];
    }
    const std::optional<std::string>& operator[](CacheField f) const
    {
        return fields[static_cast<std::size_t>(f) - 1];
    }
    bool operator==(const CachedMessage&) const = default;
};

inline constexpr std::size_t kFileHeaderSize = 16;
inline constexpr std::size_t kRecordHeaderSize = 12;
// Records are bounded so that a damaged length cannot make a reader allocate gigabytes.
inline constexpr std::size_t kMaxRecordSize = 4u << 20;

// A 32-bit check of `bytes` (not cryptographic: it finds torn and overwritten records).
std::uint32_t cache_check(std::string_view bytes, std::uint32_t seed = 0);

std::string encode_file_header(std::uint32_t uidvalidity);
// The UIDVALIDITY of a file that starts with `bytes`; nullopt when they are not a file header
// (too short, another magic, a check that does not match).
std::optional<std::uint32_t> decode_file_header(std::string_view bytes);

// Appends the record of `uid` to `out`. Fields whose size would push the record past
// kMaxRecordSize are left out.
void encode_record(std::string& out, std::uint32_t uid, const CachedMessage& message);

// What the bytes at a record's start say about it, without checking its content.
struct RecordFrame {
    enum class Status { Complete, Short, Damaged };
    Status status = Status::Short;
    std::uint32_t uid = 0;
    std::uint32_t length = 0;  // the whole record, when Complete
};
RecordFrame frame_record(std::string_view bytes);

// The fields of the complete record `bytes` (exactly one record, as frame_record() measured
// it); nullopt when its check, its uid or its field list is wrong.
std::optional<CachedMessage> decode_record(std::string_view bytes, std::uint32_t expected_uid);

}  // namespace roost::storage::cache
