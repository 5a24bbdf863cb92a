// Parsing and building Maildir file names.
#include "storage/maildir/maildir_filename.hpp"

#include <algorithm>
#include <charconv>

namespace roost::storage::maildir {
namespace {

// The value of a ",<key>=<digits>" field in the base, if present and numeric.
std::optional<std::uint64_t> base_field(std::string_view base, char key)
{
    std::size_t pos = 0;
    while ((pos = base.find(',', pos)) != std::string_view::npos) {
        ++pos;
        if (pos + 1 < base.size() && base[pos] == key && base[pos + 1] == '=') {
            const char* first = base.data() + pos + 2;
            const char* last = base.data() + base.size();
            std::uint64_t value = 0;
            const auto [end, ec] = std::from_chars(first, last, value);
            if (ec == std::errc() && end != first && (end == last || *end == ',')) {
                return value;
            }
        }
    }
    return std::nullopt;
}

std::uint64_t leading_number(std::string_view s)
{
    std::uint64_t value = 0;
    std::from_chars(s.data(), s.data() + s.size(), value);
    return value;
}

}  // namespace

std::string_view maildir_base(std::string_view filename)
{
    return filename.substr(0, filename.find(':'));
}

MaildirName parse_maildir_name(std::string_view filename)
{
    MaildirName name;
    const auto colon = filename.find(':');
    name.base = filename.substr(0, colon);
    name.size = base_field(name.base, 'S');
    name.vsize = base_field(name.base, 'W');
    if (colon == std::string_view::npos) {
        return name;
    }
    name.has_info = true;
    const std::string_view info = filename.substr(colon + 1);
    if (info.substr(0, 2) != "2,") {
        name.foreign_info = info;
        return name;
    }
    std::string_view letters = info.substr(2);
    const auto comma = letters.find(',');
    if (comma != std::string_view::npos) {
        name.info_tail = letters.substr(comma + 1);
        letters = letters.substr(0, comma);
    }
    for (const char c : letters) {
        switch (c) {
            case 'D':
                name.flags |= Flag::Draft;
                break;
            case 'F':
                name.flags |= Flag::Flagged;
                break;
            case 'R':
                name.flags |= Flag::Answered;
                break;
            case 'S':
                name.flags |= Flag::Seen;
                break;
            case 'T':
                name.flags |= Flag::Deleted;
                break;
            default:
                if (c >= 'a' && c <= 'z') {
                    name.keywords |= 1u << (c - 'a');
                } else if (name.other_flags.find(c) == std::string::npos) {
                    name.other_flags += c;
                }
                break;
        }
    }
    return name;
}

std::string maildir_flag_letters(Flags flags, std::uint32_t keywords, std::string_view other)
{
    std::string letters(other);
    if (flags.has(Flag::Draft)) {
        letters += 'D';
    }
    if (flags.has(Flag::Flagged)) {
        letters += 'F';
    }
    if (flags.has(Flag::Answered)) {
        letters += 'R';
    }
    if (flags.has(Flag::Seen)) {
        letters += 'S';
    }
    if (flags.has(Flag::Deleted)) {
        letters += 'T';
    }
    for (int i = 0; i < 26; ++i) {
        if ((keywords & (1u << i)) != 0) {
            letters += static_cast<char>('a' + i);
        }
    }
    std::sort(letters.begin(), letters.end());
    letters.erase(std::unique(letters.begin(), letters.end()), letters.end());
    return letters;
}

std::string maildir_name_with_flags(const MaildirName& old, Flags flags, std::uint32_t keywords)
{
    std::string out(old.base);
    const Flags stored = flags.storable();
    if (!old.foreign_info.empty() && stored == old.flags && keywords == old.keywords) {
        out += ':';
        out += old.foreign_info;
        return out;
    }
    out += ":2,";
    out += maildir_flag_letters(stored, keywords, old.other_flags);
    if (!old.info_tail.empty()) {
        out += ',';
        out += old.info_tail;
    }
    return out;
}

std::string make_maildir_base(std::int64_t secs, long usecs, long pid, std::uint64_t counter,
                              std::string_view host, std::uint64_t size,
                              std::optional<std::uint64_t> vsize)
{
    std::string out = std::to_string(secs) + ".M" + std::to_string(usecs) + "P" +
                      std::to_string(pid) + "Q" + std::to_string(counter) + ".";
    out += host;
    out += ",S=" + std::to_string(size);
    if (vsize) {
        out += ",W=" + std::to_string(*vsize);
    }
    return out;
}

DeliveryOrder delivery_order(std::string_view base)
{
    DeliveryOrder order;
    order.secs = leading_number(base);
    const auto dot = base.find('.');
    if (dot != std::string_view::npos && dot + 1 < base.size() && base[dot + 1] == 'M') {
        order.usecs = leading_number(base.substr(dot + 2));
    }
    return order;
}

std::uint64_t virtual_size(std::string_view data)
{
    std::uint64_t size = data.size();
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) {
            ++size;
        }
    }
    return size;
}

}  // namespace roost::storage::maildir
