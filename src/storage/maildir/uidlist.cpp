// Parsing and serialising dovecot-uidlist.
#include "storage/maildir/uidlist.hpp"

#include <algorithm>
#include <charconv>

#include "core/strings.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

bool parse_u32(std::string_view s, std::uint32_t& out)
{
    if (s.empty()) {
        return false;
    }
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

bool is_hex(std::string_view s)
{
    for (const char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

Error corrupted(std::string message)
{
    return storage_error(StorageError::Corrupted, "dovecot-uidlist: " + std::move(message));
}

Result<void> parse_header(std::string_view line, Uidlist& list)
{
    const std::vector<std::string_view> words = split_words(line);
    if (words.empty() || !(words[0] == "1" || words[0] == "2" || words[0] == "3")) {
        return corrupted("unsupported version in header '" + std::string(line.substr(0, 40)) + "'");
    }
    list.version = static_cast<unsigned>(words[0][0] - '0');
    if (list.version < 3) {
        if (words.size() < 3 || !parse_u32(words[1], list.uidvalidity) ||
            !parse_u32(words[2], list.next_uid)) {
            return corrupted("broken version " + std::string(words[0]) + " header");
        }
    } else {
        for (std::size_t i = 1; i < words.size(); ++i) {
            const std::string_view w = words[i];
            const std::string_view value = w.substr(1);
            if (w[0] == 'V') {
                if (!parse_u32(value, list.uidvalidity)) {
                    return corrupted("broken UIDVALIDITY field '" + std::string(w) + "'");
                }
            } else if (w[0] == 'N') {
                if (!parse_u32(value, list.next_uid)) {
                    return corrupted("broken next UID field '" + std::string(w) + "'");
                }
            } else if (w[0] == 'G' && value.size() == 32 && is_hex(value)) {
                list.guid = std::string(value);
            } else {
                list.extra_header.emplace_back(w);
            }
        }
    }
    if (list.uidvalidity == 0) {
        return corrupted("header has no UIDVALIDITY");
    }
    if (list.next_uid == 0) {
        list.next_uid = 1;
    }
    return {};
}

// Fills `rec` from one record line; false when the line is unusable.
bool parse_record(std::string_view line, unsigned version, UidlistRecord& rec)
{
    const auto space = line.find(' ');
    if (space == std::string_view::npos || !parse_u32(line.substr(0, space), rec.uid) ||
        rec.uid == 0) {
        return false;
    }
    std::string_view rest = line.substr(space + 1);
    if (version == 1) {
        rec.base = std::string(rest.substr(0, rest.find(':')));
        return !rec.base.empty();
    }
    // Extensions, then " :" and the name. The name may itself contain spaces and colons, so
    // the first field starting with ':' ends the extensions.
    std::size_t pos = 0;
    for (;;) {
        if (pos >= rest.size()) {
            return false;
        }
        if (rest[pos] == ':') {
            break;
        }
        const auto next = rest.find(' ', pos);
        if (next == std::string_view::npos) {
            return false;
        }
        pos = next + 1;
    }
    rec.extensions = std::string(trim_right(rest.substr(0, pos)));
    const std::string_view name = rest.substr(pos + 1);
    rec.base = std::string(name.substr(0, name.find(':')));
    return !rec.base.empty();
}

}  // namespace

namespace {

// Adds the complete record lines of `bytes` to `list` (version already known); returns the
// bytes up to the end of the last complete line.
std::size_t parse_records(std::string_view bytes, Uidlist& list)
{
    std::uint32_t last_uid = list.records.empty() ? 0 : list.records.back().uid;
    std::uint32_t highest_seen = 0;
    std::size_t pos = 0;
    list.partial_tail = false;
    while (pos < bytes.size()) {
        const auto nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) {
            list.partial_tail = true;
            break;
        }
        const std::string_view line = bytes.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) {
            continue;
        }
        UidlistRecord rec;
        if (!parse_record(line, list.version, rec)) {
            ++list.bad_lines;
            // A UID that leads a broken line was still handed out once: never reuse it.
            std::uint32_t uid = 0;
            if (parse_u32(line.substr(0, line.find(' ')), uid)) {
                highest_seen = std::max(highest_seen, uid);
            }
            continue;
        }
        highest_seen = std::max(highest_seen, rec.uid);
        if (rec.uid <= last_uid) {
            ++list.bad_lines;
            continue;
        }
        last_uid = rec.uid;
        list.records.push_back(std::move(rec));
    }
    if (highest_seen != 0 && highest_seen >= list.next_uid) {
        list.next_uid = highest_seen == UINT32_MAX ? UINT32_MAX : highest_seen + 1;
    }
    return pos;
}

}  // namespace

Result<Uidlist> parse_uidlist(std::string_view bytes)
{
    std::size_t consumed = 0;
    return parse_uidlist(bytes, consumed);
}

Result<Uidlist> parse_uidlist(std::string_view bytes, std::size_t& consumed)
{
    Uidlist list;
    const auto first_nl = bytes.find('\n');
    if (first_nl == std::string_view::npos) {
        return corrupted(bytes.empty() ? "empty file" : "header line is not terminated");
    }
    auto header = parse_header(bytes.substr(0, first_nl), list);
    if (!header) {
        return header.error();
    }
    consumed = first_nl + 1 + parse_records(bytes.substr(first_nl + 1), list);
    return list;
}

std::size_t parse_uidlist_tail(std::string_view bytes, Uidlist& list)
{
    return parse_records(bytes, list);
}

std::string serialize_uidlist_record(const UidlistRecord& record)
{
    std::string line = std::to_string(record.uid);
    if (!record.extensions.empty()) {
        line += ' ';
        line += record.extensions;
    }
    line += " :";
    line += record.base;
    return line;
}

std::string serialize_uidlist(const Uidlist& list)
{
    std::string out =
        "3 V" + std::to_string(list.uidvalidity) + " N" + std::to_string(list.next_uid);
    if (!list.guid.empty()) {
        out += " G" + list.guid;
    }
    for (const std::string& field : list.extra_header) {
        out += ' ';
        out += field;
    }
    out += '\n';
    for (const UidlistRecord& rec : list.records) {
        out += serialize_uidlist_record(rec);
        out += '\n';
    }
    return out;
}

}  // namespace roost::storage::maildir
