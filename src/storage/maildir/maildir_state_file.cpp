// Serialising and checking roost-maildir-state.
#include "storage/maildir/maildir_state_file.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace roost::storage::maildir {
namespace {

constexpr char kMagic[8] = {'R', 'M', 'D', 'S', 'T', 'A', 'T', 'E'};
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kMaxGuid = 256;

// A checksum over 8-byte words in four independent lanes (a 100k-message snapshot is ~11 MB:
// one multiply chain would cost several ms), fed in pieces. Not cryptographic: it catches
// torn and damaged files, which is all a cache needs.
class Checksum {
public:
    void add(std::string_view bytes)
    {
        if (bytes.empty()) {
            return;
        }
        total_ += bytes.size();
        if (held_ > 0) {
            const std::size_t take = std::min(bytes.size(), sizeof block_ - held_);
            std::memcpy(block_ + held_, bytes.data(), take);
            held_ += take;
            bytes.remove_prefix(take);
            if (held_ < sizeof block_) {
                return;
            }
            mix(block_);
            held_ = 0;
        }
        while (bytes.size() >= sizeof block_) {
            mix(bytes.data());
            bytes.remove_prefix(sizeof block_);
        }
        std::memcpy(block_, bytes.data(), bytes.size());
        held_ = bytes.size();
    }
    std::uint64_t value() const
    {
        std::uint64_t h = total_;
        for (const std::uint64_t l : lane_) {
            h = (h ^ l) * kMul;
            h ^= h >> 29;
        }
        for (std::size_t i = 0; i < held_; ++i) {
            h = (h ^ static_cast<unsigned char>(block_[i])) * kMul;
        }
        return h ^ (h >> 32);
    }

private:
    static constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    void mix(const char* p)
    {
        for (int l = 0; l < 4; ++l) {
            std::uint64_t w = 0;
            std::memcpy(&w, p + l * 8, 8);
            lane_[l] = (lane_[l] ^ w) * kMul;
            lane_[l] ^= lane_[l] >> 31;
        }
    }
    std::uint64_t lane_[4] = {1, 2, 3, 4};
    char block_[32] = {};
    std::size_t held_ = 0;
    std::uint64_t total_ = 0;
};

std::uint64_t checksum(std::string_view bytes)
{
    Checksum c;
    c.add(bytes);
    return c.value();
}

class Writer {
public:
    template <class T>
    void put(const T& v)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void put_bytes(std::string_view s) { out_.append(s); }
    void put_stamp(const FileStamp& s)
    {
        put(s.dev);
        put(s.ino);
        put(s.size);
        put(s.mtime_ns);
        put(s.ctime_ns);
    }
    std::string& out() { return out_; }

private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    template <class T>
    bool get(T& v)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        if (in_.size() - pos_ < sizeof v) {
            return false;
        }
        std::memcpy(&v, in_.data() + pos_, sizeof v);
        pos_ += sizeof v;
        return true;
    }
    bool get_bytes(std::size_t n, std::string_view& s)
    {
        if (in_.size() - pos_ < n) {
            return false;
        }
        s = in_.substr(pos_, n);
        pos_ += n;
        return true;
    }
    bool get_stamp(FileStamp& s)
    {
        return get(s.dev) && get(s.ino) && get(s.size) && get(s.mtime_ns) && get(s.ctime_ns);
    }
    bool get_bool(bool& b)
    {
        std::uint8_t v = 2;
        if (!get(v) || v > 1) {
            return false;
        }
        b = v == 1;
        return true;
    }
    std::size_t left() const { return in_.size() - pos_; }

private:
    std::string_view in_;
    std::size_t pos_ = 0;
};

bool files_consistent(const MaildirStateView& s)
{
    std::uint32_t last_uid = 0;
    const std::string_view names = s.names();
    for (std::size_t i = 0; i < s.file_count(); ++i) {
        const StateFile f = s.file(i);
        if (f.uid <= last_uid || f.name_length == 0 || f.base_length == 0 ||
            f.base_length > f.name_length || f.in_new > 1 || f.has_vsize > 1 ||
            f.keywords >= (1U << 26) ||
            static_cast<std::uint64_t>(f.name_offset) + f.name_length > names.size()) {
            return false;
        }
        // The base is the name up to ':' (maildir_base()).
        const std::string_view name = names.substr(f.name_offset, f.name_length);
        if (name.substr(0, f.base_length).find(':') != std::string_view::npos ||
            (f.base_length < f.name_length && name[f.base_length] != ':')) {
            return false;
        }
        last_uid = f.uid;
    }
    return s.file_count() == 0 || last_uid < s.next_uid;
}

}  // namespace

StateFile MaildirStateView::file(std::size_t i) const
{
    StateFile f;
    std::memcpy(&f, files_ + i * sizeof f, sizeof f);
    return f;
}

FileStamp file_stamp(const struct stat& st)
{
    FileStamp s;
    s.dev = static_cast<std::uint64_t>(st.st_dev);
    s.ino = static_cast<std::uint64_t>(st.st_ino);
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    s.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
    return s;
}

StatePieces serialize_maildir_state(const MaildirStateHeader& state,
                                    std::span<const StateFile> files, std::string_view names)
{
    Writer w;
    w.put_bytes(std::string_view(kMagic, sizeof kMagic));
    w.put(kByteOrder);
    w.put(kVersion);
    w.put(state.listed_at);
    w.put(state.written_at);
    w.put_stamp(state.cur);
    w.put(static_cast<std::uint8_t>(state.has_new));
    w.put_stamp(state.new_dir);
    w.put_stamp(state.uidlist);
    w.put(state.uidvalidity);
    w.put(state.next_uid);
    w.put(static_cast<std::uint32_t>(state.guid.size()));
    w.put_bytes(state.guid);
    w.put(static_cast<std::uint8_t>(state.has_keywords));
    w.put_stamp(state.keywords);
    w.put(static_cast<std::uint64_t>(files.size()));
    w.put(static_cast<std::uint64_t>(names.size()));
    Checksum sum;
    sum.add(w.out());
    sum.add({reinterpret_cast<const char*>(files.data()), files.size_bytes()});
    sum.add(names);
    StatePieces out;
    out.head = std::move(w.out());
    const std::uint64_t value = sum.value();
    out.tail.assign(reinterpret_cast<const char*>(&value), sizeof value);
    return out;
}

std::string serialize_maildir_state(const MaildirState& state)
{
    const StatePieces pieces = serialize_maildir_state(state, state.files, state.names);
    std::string out = pieces.head;
    out.append(reinterpret_cast<const char*>(state.files.data()),
               state.files.size() * sizeof(StateFile));
    out += state.names;
    out += pieces.tail;
    return out;
}

std::optional<MaildirStateView> parse_maildir_state(std::string_view bytes)
{
    std::uint64_t sum = 0;
    if (bytes.size() < sizeof kMagic + sizeof sum ||
        std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
        return std::nullopt;
    }
    const std::string_view body = bytes.substr(0, bytes.size() - sizeof sum);
    std::memcpy(&sum, bytes.data() + body.size(), sizeof sum);
    if (sum != checksum(body)) {
        return std::nullopt;
    }
    Reader r(body.substr(sizeof kMagic));
    MaildirStateView s;
    std::uint32_t order = 0;
    std::uint32_t version = 0;
    std::uint32_t guid_length = 0;
    std::uint64_t count = 0;
    std::uint64_t names_size = 0;
    std::string_view guid;
    std::string_view files;
    if (!r.get(order) || order != kByteOrder || !r.get(version) || version != kVersion ||
        !r.get(s.listed_at) || !r.get(s.written_at) || !r.get_stamp(s.cur) ||
        !r.get_bool(s.has_new) || !r.get_stamp(s.new_dir) || !r.get_stamp(s.uidlist) ||
        !r.get(s.uidvalidity) || !r.get(s.next_uid) || !r.get(guid_length) ||
        guid_length > kMaxGuid || !r.get_bytes(guid_length, guid) || !r.get_bool(s.has_keywords) ||
        !r.get_stamp(s.keywords) || !r.get(count) || !r.get(names_size) ||
        count > r.left() / sizeof(StateFile) || !r.get_bytes(count * sizeof(StateFile), files) ||
        !r.get_bytes(names_size, s.names_) || r.left() != 0 || s.uidvalidity == 0 ||
        names_size > UINT32_MAX) {
        return std::nullopt;
    }
    s.guid = guid;
    s.files_ = files.data();
    s.count_ = count;
    if (!files_consistent(s)) {
        return std::nullopt;
    }
    return s;
}

}  // namespace roost::storage::maildir
