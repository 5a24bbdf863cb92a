// Parsing and serialising roost-index.
#include "storage/index/index_file.hpp"

#include <algorithm>
#include <charconv>

#include "core/strings.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::index {
namespace {

template <class T>
bool parse_number(std::string_view s, T& out, int base = 10)
{
    if (s.empty()) {
        return false;
    }
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc() && end == s.data() + s.size();
}

Error corrupted(std::string message)
{
    return storage_error(StorageError::Corrupted, "roost-index: " + std::move(message));
}

std::string hex(std::uint64_t v)
{
    char buf[20];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, 16);
    (void)ec;
    return std::string(buf, end);
}

}  // namespace

const IndexEntry* IndexFile::find(std::uint32_t uid) const
{
    const auto it =
        std::lower_bound(entries.begin(), entries.end(), uid,
                         [](const IndexEntry& e, std::uint32_t u) { return e.uid < u; });
    return it != entries.end() && it->uid == uid ? &*it : nullptr;
}

IndexEntry* IndexFile::find(std::uint32_t uid)
{
    return const_cast<IndexEntry*>(std::as_const(*this).find(uid));
}

void IndexFile::put(const IndexEntry& entry)
{
    const auto it =
        std::lower_bound(entries.begin(), entries.end(), entry.uid,
                         [](const IndexEntry& e, std::uint32_t u) { return e.uid < u; });
    if (it != entries.end() && it->uid == entry.uid) {
        *it = entry;
    } else {
        entries.insert(it, entry);
    }
}

bool IndexFile::erase(std::uint32_t uid)
{
    const auto it =
        std::lower_bound(entries.begin(), entries.end(), uid,
                         [](const IndexEntry& e, std::uint32_t u) { return e.uid < u; });
    if (it == entries.end() || it->uid != uid) {
        return false;
    }
    entries.erase(it);
    return true;
}

Result<IndexFile> parse_index_file(std::string_view bytes)
{
    IndexFile file;
    const std::vector<std::string_view> lines = split(bytes, '\n');
    if (lines.empty() || !bytes.ends_with('\n')) {
        return corrupted("truncated");
    }
    const std::vector<std::string_view> header = split_words(lines[0]);
    if (header.size() < 2 || header[0] != "roost-index" || header[1] != "1") {
        return corrupted("unknown header");
    }
    for (std::size_t i = 2; i < header.size(); ++i) {
        const std::string_view value = header[i].substr(1);
        bool ok = true;
        switch (header[i][0]) {
            case 'V':
                ok = parse_number(value, file.uidvalidity);
                break;
            case 'M':
                ok = parse_number(value, file.highest_modseq);
                break;
            case 'R':
                ok = parse_number(value, file.first_recent_uid);
                break;
            default:
                break;  // fields of later versions
        }
        if (!ok) {
            return corrupted("broken header field");
        }
    }
    std::uint32_t last_uid = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].empty()) {
            continue;
        }
        const std::vector<std::string_view> words = split_words(lines[i]);
        IndexEntry entry;
        unsigned flags = 0;
        if (words.size() < 4 || !parse_number(words[0], entry.uid) ||
            !parse_number(words[1], entry.modseq) || !parse_number(words[2], flags, 16) ||
            !parse_number(words[3], entry.keywords, 16) || entry.uid <= last_uid || flags > 0xff) {
            return corrupted("broken line " + std::to_string(i + 1));
        }
        entry.flags = static_cast<std::uint8_t>(flags);
        last_uid = entry.uid;
        file.highest_modseq = std::max(file.highest_modseq, entry.modseq);
        file.entries.push_back(entry);
    }
    return file;
}

std::string serialize_index_file(const IndexFile& file)
{
    std::string out = "roost-index 1 V" + std::to_string(file.uidvalidity) + " M" +
                      std::to_string(file.highest_modseq) + " R" +
                      std::to_string(file.first_recent_uid) + "\n";
    for (const IndexEntry& e : file.entries) {
        out += std::to_string(e.uid) + " " + std::to_string(e.modseq) + " " + hex(e.flags) + " " +
               hex(e.keywords) + "\n";
    }
    return out;
}

}  // namespace roost::storage::index
