// Serialising and checking roost-maildir-state.
#include "storage/maildir/maildir_state_file.hpp"

#include <cstring>
#include <type_traits>

namespace roost::storage::maildir {
namespace {

constexpr char kMagic[8] = {'R', 'M', 'D', 'S', 'T', 'A', 'T', 'E'};
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kMaxGuid = 256;

// A checksum over 8-byte words in four independent lanes (a 100k-message snapshot is ~12 MB:
// one multiply chain would cost several ms). Not cryptographic: it catches torn and damaged
// files, which is all a cache needs.
std::uint64_t checksum(std::string_view bytes)
{
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    std::uint64_t lane[4] = {1, 2, 3, 4};
    std::size_t i = 0;
    for (; i + 32 <= bytes.size(); i += 32) {
        for (int l = 0; l < 4; ++l) {
            std::uint64_t w = 0;
            std::memcpy(&w, bytes.data() + i + l * 8, 8);
            lane[l] = (lane[l] ^ w) * kMul;
            lane[l] ^= lane[l] >> 31;
        }
    }
    std::uint64_t h = bytes.size();
    for (const std::uint64_t l : lane) {
        h = (h ^ l) * kMul;
        h ^= h >> 29;
    }
    for (; i < bytes.size(); ++i) {
        h = (h ^ static_cast<unsigned char>(bytes[i])) * kMul;
    }
    return h ^ (h >> 32);
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

bool files_consistent(const MaildirState& s)
{
    std::uint32_t last_uid = 0;
    for (const StateFile& f : s.files) {
        if (f.uid <= last_uid || f.name_length == 0 || f.base_length == 0 ||
            f.base_length > f.name_length || f.in_new > 1 || f.has_vsize > 1 ||
            f.keywords >= (1U << 26) ||
            static_cast<std::uint64_t>(f.name_offset) + f.name_length > s.names.size()) {
            return false;
        }
        // The base is the name up to ':' (maildir_base()).
        const std::string_view name(s.names.data() + f.name_offset, f.name_length);
        if (name.substr(0, f.base_length).find(':') != std::string_view::npos ||
            (f.base_length < f.name_length && name[f.base_length] != ':')) {
            return false;
        }
        last_uid = f.uid;
    }
    return s.files.empty() || last_uid < s.next_uid;
}

}  // namespace

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

std::string serialize_maildir_state(const MaildirState& state)
{
    Writer w;
    w.out().reserve(256 + state.files.size() * sizeof(StateFile) + state.names.size());
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
    w.put(static_cast<std::uint64_t>(state.files.size()));
    w.put(static_cast<std::uint64_t>(state.names.size()));
    w.out().append(reinterpret_cast<const char*>(state.files.data()),
                   state.files.size() * sizeof(StateFile));
    w.put_bytes(state.names);
    w.put(checksum(w.out()));
    return std::move(w.out());
}

std::optional<MaildirState> parse_maildir_state(std::string_view bytes)
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
    MaildirState s;
    std::uint32_t order = 0;
    std::uint32_t version = 0;
    std::uint32_t guid_length = 0;
    std::uint64_t count = 0;
    std::uint64_t names_size = 0;
    std::string_view guid;
    std::string_view files;
    std::string_view names;
    if (!r.get(order) || order != kByteOrder || !r.get(version) || version != kVersion ||
        !r.get(s.listed_at) || !r.get(s.written_at) || !r.get_stamp(s.cur) ||
        !r.get_bool(s.has_new) || !r.get_stamp(s.new_dir) || !r.get_stamp(s.uidlist) ||
        !r.get(s.uidvalidity) || !r.get(s.next_uid) || !r.get(guid_length) ||
        guid_length > kMaxGuid || !r.get_bytes(guid_length, guid) ||
        !r.get_bool(s.has_keywords) || !r.get_stamp(s.keywords) || !r.get(count) ||
        !r.get(names_size) || count > r.left() / sizeof(StateFile) ||
        !r.get_bytes(count * sizeof(StateFile), files) || !r.get_bytes(names_size, names) ||
        r.left() != 0 || s.uidvalidity == 0 || names_size > UINT32_MAX) {
        return std::nullopt;
    }
    s.guid = guid;
    s.files.resize(count);
    std::memcpy(s.files.data(), files.data(), files.size());
    s.names = names;
    if (!files_consistent(s)) {
        return std::nullopt;
    }
    return s;
}

}  // namespace roost::storage::maildir
