// Parsing and serialising roost-index.
#include "storage/index/index_file.hpp"

#include <algorithm>
#include <charconv>

#include "core/strings.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::index {
namespace {

constexpr unsigned kVersion = 2;

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

// Appends `v` in base `base` without a temporary string (rewrites run over every message).
void append_number(std::string& out, std::uint64_t v, int base = 10)
{
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, base);
    (void)ec;
    out.append(buf, end);
}

void append_entry(std::string& out, const IndexEntry& e)
{
    append_number(out, e.uid);
    out += ' ';
    append_number(out, e.modseq);
    out += ' ';
    append_number(out, e.flags, 16);
    out += ' ';
    append_number(out, e.keywords, 16);
    out += '\n';
}

// The next space-separated word of `line` from `pos`.
std::string_view next_word(std::string_view line, std::size_t& pos)
{
    while (pos < line.size() && line[pos] == ' ') {
        ++pos;
    }
    const std::size_t start = pos;
    while (pos < line.size() && line[pos] != ' ') {
        ++pos;
    }
    return line.substr(start, pos - start);
}

// One body line. `ascending` (version 1) only allows entry lines with rising UIDs.
bool apply_line(IndexFile& file, std::string_view line, bool ascending)
{
    if (line.empty()) {
        return true;
    }
    if (!ascending && (line[0] == '-' || line[0] == 'M' || line[0] == 'R')) {
        const std::string_view value = line.substr(1);
        if (line[0] == '-') {
            std::uint32_t uid = 0;
            if (!parse_number(value, uid)) {
                return false;
            }
            file.erase(uid);
        } else if (line[0] == 'M') {
            std::uint64_t modseq = 0;
            if (!parse_number(value, modseq)) {
                return false;
            }
            file.highest_modseq = std::max(file.highest_modseq, modseq);
        } else {
            if (!parse_number(value, file.first_recent_uid)) {
                return false;
            }
        }
        return true;
    }
    std::size_t pos = 0;
    const std::string_view uid = next_word(line, pos);
    const std::string_view modseq = next_word(line, pos);
    const std::string_view flags_text = next_word(line, pos);
    const std::string_view keywords = next_word(line, pos);
    IndexEntry entry;
    unsigned flags = 0;
    if (!parse_number(uid, entry.uid) || !parse_number(modseq, entry.modseq) ||
        !parse_number(flags_text, flags, 16) || !parse_number(keywords, entry.keywords, 16) ||
        flags > 0xff || entry.uid == 0) {
        return false;
    }
    entry.flags = static_cast<std::uint8_t>(flags);
    const bool in_order = file.entries.empty() || file.entries.back().uid < entry.uid;
    if (ascending && !in_order) {
        return false;
    }
    if (in_order) {
        if (file.entries.size() == file.entries.capacity()) {
            file.entries.reserve(file.entries.size() + file.entries.size() / 8 + 8);  // see put()
        }
        file.entries.push_back(entry);  // the common case of a rewritten file
    } else {
        file.put(entry);
    }
    file.highest_modseq = std::max(file.highest_modseq, entry.modseq);
    return true;
}

Result<void> apply_lines(IndexFile& file, std::string_view bytes, bool ascending, IndexRead& read)
{
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) {
            break;  // unterminated: not ours to read yet
        }
        if (!apply_line(file, bytes.substr(pos, nl - pos), ascending)) {
            return corrupted("broken line after byte " + std::to_string(read.consumed + pos));
        }
        ++read.lines;
        pos = nl + 1;
    }
    read.consumed += pos;
    return {};
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
        return;
    }
    if (entries.size() == entries.capacity()) {
        // Grow by an eighth, not by doubling: an open mailbox holds these for hours, and
        // each new message would otherwise leave room for as many again.
        const auto at = it - entries.begin();
        entries.reserve(entries.size() + entries.size() / 8 + 8);
        entries.insert(entries.begin() + at, entry);
        return;
    }
    entries.insert(it, entry);
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

Result<IndexFile> read_index_text(std::string_view bytes, IndexRead& read)
{
    read = IndexRead{};
    const std::size_t header_end = bytes.find('\n');
    if (header_end == std::string_view::npos) {
        return corrupted("truncated");
    }
    const std::vector<std::string_view> header = split_words(bytes.substr(0, header_end));
    IndexFile file;
    if (header.size() < 2 || header[0] != "roost-index" ||
        !parse_number(header[1], read.version) || read.version < 1 || read.version > kVersion) {
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
    read.consumed = header_end + 1;
    file.entries.reserve((bytes.size() - read.consumed) / 16);
    auto applied = apply_lines(file, bytes.substr(read.consumed), read.version == 1, read);
    if (!applied) {
        return applied.error();
    }
    return file;
}

Result<void> apply_index_changes(IndexFile& file, std::string_view bytes, IndexRead& read)
{
    read.consumed = 0;
    read.lines = 0;
    return apply_lines(file, bytes, false, read);
}

Result<IndexFile> parse_index_file(std::string_view bytes)
{
    IndexRead read;
    auto file = read_index_text(bytes, read);
    if (file && read.consumed != bytes.size()) {
        return corrupted("truncated");
    }
    return file;
}

std::string serialize_index_file(const IndexFile& file)
{
    std::string out = "roost-index " + std::to_string(kVersion) + " V" +
                      std::to_string(file.uidvalidity) + " M" +
                      std::to_string(file.highest_modseq) + " R" +
                      std::to_string(file.first_recent_uid) + "\n";
    out.reserve(out.size() + file.entries.size() * 16);
    for (const IndexEntry& e : file.entries) {
        append_entry(out, e);
    }
    return out;
}

std::string serialize_index_changes(const IndexFile& before, const IndexFile& after)
{
    std::string out;
    std::size_t i = 0;
    std::size_t k = 0;
    std::uint64_t implied = before.highest_modseq;  // what a reader computes from the lines
    while (i < before.entries.size() || k < after.entries.size()) {
        const IndexEntry* b = i < before.entries.size() ? &before.entries[i] : nullptr;
        const IndexEntry* a = k < after.entries.size() ? &after.entries[k] : nullptr;
        if (a != nullptr && (b == nullptr || a->uid < b->uid)) {
            append_entry(out, *a);
            implied = std::max(implied, a->modseq);
            ++k;
        } else if (b != nullptr && (a == nullptr || b->uid < a->uid)) {
            out += '-';
            append_number(out, b->uid);
            out += '\n';
            ++i;
        } else {
            if (!(*a == *b)) {
                append_entry(out, *a);
                implied = std::max(implied, a->modseq);
            }
            ++i;
            ++k;
        }
    }
    if (after.highest_modseq != implied) {
        out += 'M';
        append_number(out, after.highest_modseq);
        out += '\n';
    }
    if (after.first_recent_uid != before.first_recent_uid) {
        out += 'R';
        append_number(out, after.first_recent_uid);
        out += '\n';
    }
    return out;
}

}  // namespace roost::storage::index
