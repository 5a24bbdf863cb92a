// Encoding and decoding of roost-cache file headers and records.
#include "storage/cache/cache_record.hpp"

#include <cstring>

namespace roost::storage::cache {
namespace {

constexpr std::string_view kMagic = "RCACHE1\n";

std::uint32_t load32(const char* p)
{
    const auto* b = reinterpret_cast<const unsigned char*>(p);
    return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
           static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
}

std::uint64_t load64(const char* p)
{
    return static_cast<std::uint64_t>(load32(p)) | static_cast<std::uint64_t>(load32(p + 4)) << 32;
}

void put32(std::string& out, std::uint32_t v)
{
    const char b[4] = {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff),
                       static_cast<char>((v >> 16) & 0xff), static_cast<char>((v >> 24) & 0xff)};
    out.append(b, 4);
}

void store32(std::string& out, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i) {
        out[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
    }
}

std::uint64_t mix(std::uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

}  // namespace

std::uint32_t cache_check(std::string_view bytes, std::uint32_t seed)
{
    // Eight bytes per step: records are read back on every cached FETCH, so this must cost
    // far less than parsing the message would.
    std::uint64_t h = mix(0x9e3779b97f4a7c15ULL ^ seed ^ (bytes.size() * 0x100000001b3ULL));
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        h = (h ^ load64(bytes.data() + i)) * 0x9fb21c651e98df25ULL;
        h = (h << 29) | (h >> 35);
    }
    std::uint64_t tail = 0;
    for (std::size_t k = 0; i + k < bytes.size(); ++k) {
        tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i + k])) << (8 * k);
    }
    h = mix(h ^ tail);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::string encode_file_header(std::uint32_t uidvalidity)
{
    std::string out(kMagic);
    put32(out, uidvalidity);
    put32(out, cache_check(out));
    return out;
}

std::optional<std::uint32_t> decode_file_header(std::string_view bytes)
{
    if (bytes.size() < kFileHeaderSize || bytes.substr(0, kMagic.size()) != kMagic ||
        load32(bytes.data() + 12) != cache_check(bytes.substr(0, 12))) {
        return std::nullopt;
    }
    return load32(bytes.data() + 8);
}

void encode_record(std::string& out, std::uint32_t uid, const CachedMessage& message)
{
    const std::size_t start = out.size();
    put32(out, 0);  // length, filled in below
    put32(out, uid);
    put32(out, 0);  // check, filled in below
    for (std::size_t i = 0; i < kCacheFieldCount; ++i) {
        const auto& value = message.fields[i];
        if (!value || out.size() - start + 5 + value->size() > kMaxRecordSize) {
            continue;
        }
        out.push_back(static_cast<char>(i + 1));
        put32(out, static_cast<std::uint32_t>(value->size()));
        out += *value;
    }
    const auto length = static_cast<std::uint32_t>(out.size() - start);
    store32(out, start, length);
    const std::string_view body(out.data() + start + kRecordHeaderSize, length - kRecordHeaderSize);
    store32(out, start + 8, cache_check(body, uid));
}

RecordFrame frame_record(std::string_view bytes)
{
    RecordFrame frame;
    if (bytes.size() < kRecordHeaderSize) {
        return frame;  // Short
    }
    frame.length = load32(bytes.data());
    frame.uid = load32(bytes.data() + 4);
    if (frame.length < kRecordHeaderSize || frame.length > kMaxRecordSize || frame.uid == 0) {
        frame.status = RecordFrame::Status::Damaged;
        return frame;
    }
    frame.status = bytes.size() >= frame.length ? RecordFrame::Status::Complete
                                                : RecordFrame::Status::Short;
    return frame;
}

std::optional<CachedMessage> decode_record(std::string_view bytes, std::uint32_t expected_uid)
{
    const RecordFrame frame = frame_record(bytes);
    if (frame.status != RecordFrame::Status::Complete || frame.length != bytes.size() ||
        frame.uid != expected_uid) {
        return std::nullopt;
    }
    std::string_view body = bytes.substr(kRecordHeaderSize);
    if (load32(bytes.data() + 8) != cache_check(body, frame.uid)) {
        return std::nullopt;
    }
    CachedMessage message;
    while (!body.empty()) {
        if (body.size() < 5) {
            return std::nullopt;
        }
        const auto id = static_cast<unsigned char>(body[0]);
        const std::uint32_t size = load32(body.data() + 1);
        body.remove_prefix(5);
        if (size > body.size()) {
            return std::nullopt;
        }
        if (id >= 1 && id <= kCacheFieldCount) {
            message.fields[id - 1] = std::string(body.substr(0, size));
        }
        body.remove_prefix(size);
    }
    return message;
}

}  // namespace roost::storage::cache
