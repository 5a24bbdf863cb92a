// The saved mbox parse: a compact binary encoding (LEB128 numbers, offsets as deltas) behind a
// magic and a checksum, and a decoder that checks every offset against the file's size.
#include "storage/mbox/mbox_parse_cache.hpp"

#include <cstring>
#include <limits>

namespace roost::storage::mbox {
namespace {

// Version 1. A new layout gets a new magic: older files are then simply ignored.
constexpr std::string_view kMagic = "RMBXPRS2";
constexpr std::size_t kHeaderSize = 8 + 8;  // magic, checksum of the rest

constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;

// Flags of an entry byte: Flags::bits() uses the low six bits.
constexpr std::uint8_t kSeenByReader = 0x40;
constexpr std::uint8_t kHasStatusBlock = 0x80;
// Flags of the parse.
constexpr std::uint8_t kHasBase = 1;
constexpr std::uint8_t kHasPseudo = 2;
constexpr std::uint8_t kNeedsWrite = 4;

class Writer {
public:
    void u8(std::uint8_t v) { out_ += static_cast<char>(v); }
    void num(std::uint64_t v)
    {
        while (v >= 0x80) {
            out_ += static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        out_ += static_cast<char>(v);
    }
    void signed_num(std::int64_t v)
    {
        num((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    void fixed64(std::uint64_t v)
    {
        char b[8];
        std::memcpy(b, &v, 8);
        out_.append(b, 8);
    }
    void text(std::string_view s)
    {
        num(s.size());
        out_.append(s);
    }
    std::string& out() { return out_; }

private:
    std::string out_;
};

// Reads what Writer wrote; any overrun or malformed number sets `bad` and yields zeros.
class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool bad() const { return bad_; }
    bool at_end() const { return pos_ == in_.size(); }
    std::size_t left() const { return in_.size() - pos_; }
    std::uint8_t u8()
    {
        if (pos_ >= in_.size()) {
            bad_ = true;
            return 0;
        }
        return static_cast<std::uint8_t>(in_[pos_++]);
    }
    std::uint64_t num()
    {
        std::uint64_t v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (pos_ >= in_.size()) {
                bad_ = true;
                return 0;
            }
            const auto b = static_cast<std::uint8_t>(in_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        bad_ = true;
        return 0;
    }
    std::int64_t signed_num()
    {
        const std::uint64_t v = num();
        return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
    }
    std::uint64_t fixed64()
    {
        if (left() < 8) {
            bad_ = true;
            return 0;
        }
        std::uint64_t v = 0;
        std::memcpy(&v, in_.data() + pos_, 8);
        pos_ += 8;
        return v;
    }
    std::string_view text()
    {
        const std::uint64_t n = num();
        if (bad_ || n > left()) {
            bad_ = true;
            return {};
        }
        const std::string_view s = in_.substr(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        return s;
    }

private:
    std::string_view in_;
    std::size_t pos_ = 0;
    bool bad_ = false;
};

// Adds `delta` to `base` when the sum stays within `limit`.
bool advance(std::size_t& out, std::size_t base, std::uint64_t delta, std::uint64_t limit)
{
    if (delta > limit || base > limit - delta) {
        return false;
    }
    out = base + static_cast<std::size_t>(delta);
    return true;
}

void encode_entry(Writer& w, const MboxEntry& e, std::size_t& prev_next)
{
    const ParsedMessage& m = e.parsed;
    w.num(m.from - prev_next);
    w.num(m.header - m.from);
    w.num(m.header_end - m.header);
    w.num(m.body - m.header_end);
    w.num(m.end - m.body);
    w.num(m.next - m.end);
    prev_next = m.next;
    w.signed_num(m.received);
    w.num(m.uid.value_or(0));
    w.num(e.uid);
    w.u8(static_cast<std::uint8_t>(m.flags.bits() | (m.seen_by_reader ? kSeenByReader : 0) |
                                   (m.status_block ? kHasStatusBlock : 0)));
    w.num(e.keywords);
    w.num(e.size);
    w.num(e.vsize - e.size);
    w.num(m.hidden.size());
    std::size_t pos = m.header;
    for (const auto& [begin, end] : m.hidden) {
        w.num(begin - pos);
        w.num(end - begin);
        pos = end;
    }
    if (m.status_block) {
        w.num(m.status_block->first - m.header);
        w.num(m.status_block->second - m.status_block->first);
    }
}

bool decode_entry(Reader& r, MboxEntry& e, std::size_t& prev_next, std::uint64_t size,
                  std::size_t keyword_count)
{
    ParsedMessage& m = e.parsed;
    if (!advance(m.from, prev_next, r.num(), size) || !advance(m.header, m.from, r.num(), size) ||
        !advance(m.header_end, m.header, r.num(), size) ||
        !advance(m.body, m.header_end, r.num(), size) || !advance(m.end, m.body, r.num(), size) ||
        !advance(m.next, m.end, r.num(), size)) {
        return false;
    }
    prev_next = m.next;
    m.received = r.signed_num();
    const std::uint64_t written_uid = r.num();
    const std::uint64_t uid = r.num();
    if (written_uid > std::numeric_limits<std::uint32_t>::max() || uid == 0 ||
        uid > std::numeric_limits<std::uint32_t>::max()) {
        return false;
    }
    if (written_uid != 0) {
        m.uid = static_cast<std::uint32_t>(written_uid);
    }
    e.uid = static_cast<std::uint32_t>(uid);
    const std::uint8_t bits = r.u8();
    m.flags = Flags::from_bits(bits & 0x3f);
    m.seen_by_reader = (bits & kSeenByReader) != 0;
    e.keywords = r.num();
    if (keyword_count < 64 && (e.keywords >> keyword_count) != 0) {
        return false;
    }
    e.size = r.num();
    const std::uint64_t extra = r.num();
    if (extra > std::numeric_limits<std::uint64_t>::max() - e.size) {
        return false;
    }
    e.vsize = e.size + extra;
    const std::uint64_t hidden = r.num();
    if (hidden > r.left()) {
        return false;
    }
    m.hidden.resize(static_cast<std::size_t>(hidden));
    std::size_t pos = m.header;
    for (auto& [begin, end] : m.hidden) {
        if (!advance(begin, pos, r.num(), m.end) || !advance(end, begin, r.num(), m.end)) {
            return false;
        }
        pos = end;
    }
    if ((bits & kHasStatusBlock) != 0) {
        std::size_t begin = 0;
        std::size_t end = 0;
        if (!advance(begin, m.header, r.num(), m.end) || !advance(end, begin, r.num(), m.end)) {
            return false;
        }
        m.status_block = std::make_pair(begin, end);
    }
    return !r.bad();
}

}  // namespace

std::uint64_t checksum(std::string_view data)
{
    // Each step is a bijection of the running value, so a changed word always changes it.
    std::uint64_t h = 0x243F6A8885A308D3ULL ^ data.size();
    const auto mix = [&h](std::uint64_t w) {
        h = (h ^ w) * kMul;
        h ^= h >> 29;
    };
    std::size_t i = 0;
    for (; i + 8 <= data.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, data.data() + i, 8);
        mix(w);
    }
    if (i < data.size()) {
        std::uint64_t w = 0;
        std::memcpy(&w, data.data() + i, data.size() - i);
        mix(w);
    }
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    return h ^ (h >> 32);
}

namespace {

std::uint64_t word_at(std::string_view bytes, std::size_t pos)
{
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + pos, std::min<std::size_t>(8, bytes.size() - pos));
    return w;
}

// The word keyed by its place, mixed by a bijection (an odd multiply and a half-width
// xorshift), so a changed word always changes its term. Cheap: the sums are taken over the
// whole file when it is checked.
std::uint64_t word_term(std::uint64_t word, std::uint64_t index)
{
    const std::uint64_t z = (word ^ (index * kMul)) * 0xD6E8FEB86659FD93ULL;
    return z ^ (z >> 32);
}

}  // namespace

std::uint64_t chunk_sum(std::string_view bytes, std::uint64_t offset)
{
    std::uint64_t sum = 0;
    const std::uint64_t first = offset / 8;
    const std::size_t whole = bytes.size() & ~std::size_t{7};
    for (std::size_t pos = 0; pos < whole; pos += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, bytes.data() + pos, 8);
        sum += word_term(w, first + pos / 8);
    }
    if (whole < bytes.size()) {
        sum += word_term(word_at(bytes, whole), first + whole / 8);
    }
    return sum;
}

void update_chunk_sums(std::vector<std::uint64_t>& sums, std::uint64_t offset,
                       std::string_view before, std::string_view after)
{
    const std::size_t needed = chunk_count(offset + after.size());
    if (sums.size() < needed) {
        sums.resize(needed, 0);
    }
    const std::size_t len = std::max(before.size(), after.size());
    for (std::size_t pos = 0; pos < len; pos += 8) {
        const std::uint64_t index = offset / 8 + pos / 8;
        const std::size_t chunk = static_cast<std::size_t>((offset + pos) / kSumChunk);
        if (chunk >= sums.size()) {
            break;
        }
        if (pos < before.size()) {
            sums[chunk] -= word_term(word_at(before, pos), index);
        }
        if (pos < after.size()) {
            sums[chunk] += word_term(word_at(after, pos), index);
        }
    }
}

std::int64_t settle_margin_ns(std::int64_t mtime_ns)
{
    constexpr std::int64_t kSecond = 1000000000;
    return mtime_ns % kSecond != 0 ? 25000000 : 3 * kSecond;
}

std::string encode_mbox_parse(const MboxParse& parse, std::string_view mbox_path)
{
    Writer w;
    w.out().reserve(kHeaderSize + 64 + parse.entries.size() * 48);
    w.out().append(kMagic);
    w.fixed64(0);  // the checksum, filled in below
    w.text(mbox_path);
    const MboxIdentity& id = parse.identity;
    w.num(static_cast<std::uint64_t>(id.dev));
    w.num(static_cast<std::uint64_t>(id.ino));
    w.num(id.size);
    w.signed_num(id.mtime_ns);
    w.signed_num(id.btime_ns);
    w.signed_num(parse.taken_ns);
    w.u8(static_cast<std::uint8_t>((parse.base ? kHasBase : 0) |
                                   (parse.has_pseudo ? kHasPseudo : 0) |
                                   (parse.needs_write ? kNeedsWrite : 0)));
    if (parse.base) {
        w.num(parse.base->uidvalidity);
        w.num(parse.base->last_uid);
        w.num(parse.base->last_uid_offset);
        w.num(parse.base->last_uid_width);
        w.num(parse.base->keywords.size());
        for (const std::string& k : parse.base->keywords) {
            w.text(k);
        }
    }
    w.num(parse.last_uid);
    w.num(parse.chunk_sums.size());
    for (const std::uint64_t sum : parse.chunk_sums) {
        w.fixed64(sum);
    }
    w.num(parse.keywords.size());
    for (const std::string& k : parse.keywords) {
        w.text(k);
    }
    w.num(parse.entries.size());
    std::size_t prev_next = 0;
    for (const MboxEntry& e : parse.entries) {
        encode_entry(w, e, prev_next);
    }
    std::string& out = w.out();
    const std::uint64_t sum = checksum(std::string_view(out).substr(kHeaderSize));
    std::memcpy(out.data() + kMagic.size(), &sum, 8);
    return std::move(out);
}

std::optional<MboxParse> decode_mbox_parse(std::string_view bytes, std::string_view mbox_path)
{
    if (bytes.size() < kHeaderSize || bytes.substr(0, kMagic.size()) != kMagic) {
        return std::nullopt;
    }
    std::uint64_t sum = 0;
    std::memcpy(&sum, bytes.data() + kMagic.size(), 8);
    const std::string_view body = bytes.substr(kHeaderSize);
    if (checksum(body) != sum) {
        return std::nullopt;
    }
    Reader r(body);
    if (r.text() != mbox_path) {
        return std::nullopt;
    }
    MboxParse p;
    p.identity.dev = static_cast<dev_t>(r.num());
    p.identity.ino = static_cast<ino_t>(r.num());
    p.identity.size = r.num();
    p.identity.mtime_ns = r.signed_num();
    p.identity.btime_ns = r.signed_num();
    p.taken_ns = r.signed_num();
    const std::uint8_t flags = r.u8();
    p.has_pseudo = (flags & kHasPseudo) != 0;
    p.needs_write = (flags & kNeedsWrite) != 0;
    const std::uint64_t size = p.identity.size;
    if ((flags & kHasBase) != 0) {
        MboxBase base;
        const std::uint64_t uidvalidity = r.num();
        const std::uint64_t last_uid = r.num();
        const std::uint64_t offset = r.num();
        const std::uint64_t width = r.num();
        if (uidvalidity == 0 || uidvalidity > std::numeric_limits<std::uint32_t>::max() ||
            last_uid > std::numeric_limits<std::uint32_t>::max() || width > 10 || offset > size ||
            width > size - offset) {
            return std::nullopt;
        }
        base.uidvalidity = static_cast<std::uint32_t>(uidvalidity);
        base.last_uid = static_cast<std::uint32_t>(last_uid);
        base.last_uid_offset = static_cast<std::size_t>(offset);
        base.last_uid_width = static_cast<std::size_t>(width);
        const std::uint64_t n = r.num();
        if (n > r.left()) {
            return std::nullopt;
        }
        for (std::uint64_t i = 0; i < n; ++i) {
            base.keywords.emplace_back(r.text());
        }
        p.base = std::move(base);
    }
    const std::uint64_t last_uid = r.num();
    if (last_uid > std::numeric_limits<std::uint32_t>::max()) {
        return std::nullopt;
    }
    p.last_uid = static_cast<std::uint32_t>(last_uid);
    const std::uint64_t chunks = r.num();
    if (chunks != chunk_count(size) || chunks > r.left() / 8) {
        return std::nullopt;
    }
    p.chunk_sums.resize(static_cast<std::size_t>(chunks));
    for (std::uint64_t& chunk : p.chunk_sums) {
        chunk = r.fixed64();
    }
    const std::uint64_t keyword_count = r.num();
    if (keyword_count > 64 || keyword_count > r.left()) {
        return std::nullopt;
    }
    for (std::uint64_t i = 0; i < keyword_count; ++i) {
        p.keywords.emplace_back(r.text());
    }
    const std::uint64_t count = r.num();
    // Every entry takes at least 14 bytes: a larger count is a lie.
    if (r.bad() || count > r.left() / 14) {
        return std::nullopt;
    }
    p.entries.reserve(static_cast<std::size_t>(count));
    std::size_t prev_next = 0;
    std::uint32_t prev_uid = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        MboxEntry& e = p.entries.emplace_back();
        if (!decode_entry(r, e, prev_next, size, p.keywords.size()) || e.uid <= prev_uid) {
            return std::nullopt;
        }
        prev_uid = e.uid;
    }
    if (r.bad() || !r.at_end() || (!p.entries.empty() && p.entries.back().parsed.next != size)) {
        return std::nullopt;
    }
    return p;
}

}  // namespace roost::storage::mbox
