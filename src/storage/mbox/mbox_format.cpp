// mbox parsing and rendering: boundaries, status headers, From_ lines and quoting.
#include "storage/mbox/mbox_format.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "core/strings.hpp"

namespace roost::storage::mbox {
namespace {

constexpr std::string_view kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int month_index(std::string_view s)
{
    for (int i = 0; i < 12; ++i) {
        if (iequals(s, kMonths[i])) {
            return i;
        }
    }
    return -1;
}

bool is_weekday(std::string_view s)
{
    for (const std::string_view d : kWeekdays) {
        if (iequals(s, d)) {
            return true;
        }
    }
    return false;
}

template <class T>
bool parse_number(std::string_view s, T& out)
{
    if (s.empty()) {
        return false;
    }
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

// "hh:mm[:ss]".
bool parse_time(std::string_view s, int& h, int& m, int& sec)
{
    const auto parts = split(s, ':');
    if (parts.size() < 2 || parts.size() > 3 || !parse_number(parts[0], h) ||
        !parse_number(parts[1], m)) {
        return false;
    }
    sec = 0;
    if (parts.size() == 3 && !parse_number(parts[2], sec)) {
        return false;
    }
    return h >= 0 && h < 24 && m >= 0 && m < 60 && sec >= 0 && sec <= 60;
}

// "+hhmm" / "-hhmm" as seconds east of UTC.
std::optional<int> parse_zone(std::string_view s)
{
    int v = 0;
    if (s.size() != 5 || (s[0] != '+' && s[0] != '-') || !parse_number(s.substr(1), v)) {
        return std::nullopt;
    }
    const int secs = (v / 100) * 3600 + (v % 100) * 60;
    return s[0] == '-' ? -secs : secs;
}

std::string_view header_name(std::string_view line)
{
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        return {};
    }
    return trim_right(line.substr(0, colon));
}

std::string_view header_value(std::string_view text)
{
    const auto colon = text.find(':');
    return colon == std::string_view::npos ? std::string_view() : trim(text.substr(colon + 1));
}

// The start of the next line that is a valid From_ line at or after `pos`, or npos.
std::size_t next_boundary(std::string_view data, std::size_t pos)
{
    while (pos < data.size()) {
        const auto hit = data.find("\nFrom ", pos == 0 ? 0 : pos - 1);
        if (hit == std::string_view::npos) {
            return std::string_view::npos;
        }
        const std::size_t start = hit + 1;
        if (start < pos) {
            pos = start + 1;
            continue;
        }
        const auto eol = data.find('\n', start);
        const std::string_view line = data.substr(
            start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
        std::int64_t date = 0;
        if (parse_from_line(line, &date)) {
            return start;
        }
        pos = start + 1;
    }
    return std::string_view::npos;
}

bool is_status_header(std::string_view name)
{
    return iequals(name, "X-UID") || iequals(name, "Status") || iequals(name, "X-Status") ||
           iequals(name, "X-Keywords");
}

}  // namespace

bool is_hidden_header(std::string_view name)
{
    return is_status_header(name) || iequals(name, "X-IMAPbase") || iequals(name, "X-IMAP") ||
           iequals(name, "Content-Length");
}

bool is_valid_keyword(std::string_view k)
{
    if (k.empty() || k[0] == '\\') {
        return false;
    }
    for (const char c : k) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '(' || c == ')' || c == '{' || c == '%' || c == '*' ||
            c == '"' || c == '\\' || c == ']') {
            return false;
        }
    }
    return true;
}

bool parse_from_line(std::string_view line, std::int64_t* date)
{
    if (!line.starts_with("From ")) {
        return false;
    }
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    const std::vector<std::string_view> t = split_words(line);
    // From <sender> <weekday> <month> <day> <time> [zone...] <year> [zone]
    for (std::size_t i = 2; i + 4 < t.size(); ++i) {
        if (!is_weekday(t[i])) {
            continue;
        }
        const int month = month_index(t[i + 1]);
        int day = 0;
        int h = 0;
        int m = 0;
        int s = 0;
        if (month < 0 || !parse_number(t[i + 2], day) || day < 1 || day > 31 ||
            !parse_time(t[i + 3], h, m, s)) {
            continue;
        }
        std::optional<int> year;
        std::optional<int> zone;
        for (std::size_t k = i + 4; k < t.size() && k < i + 7; ++k) {
            int y = 0;
            if (!year && t[k].size() == 4 && parse_number(t[k], y)) {
                year = y;
            } else if (auto z = parse_zone(t[k])) {
                zone = z;
            }
        }
        if (!year || *year < 1970) {
            continue;
        }
        struct tm tm {};
        tm.tm_year = *year - 1900;
        tm.tm_mon = month;
        tm.tm_mday = day;
        tm.tm_hour = h;
        tm.tm_min = m;
        tm.tm_sec = s;
        if (zone) {
            *date = static_cast<std::int64_t>(::timegm(&tm)) - *zone;
        } else {
            tm.tm_isdst = -1;
            *date = static_cast<std::int64_t>(::mktime(&tm));
        }
        return true;
    }
    return false;
}

std::optional<MboxBase> parse_imap_base(std::string_view value)
{
    const std::vector<std::string_view> t = split_words(value);
    MboxBase base;
    if (t.size() < 2 || !parse_number(t[0], base.uidvalidity) ||
        !parse_number(t[1], base.last_uid) || base.uidvalidity == 0) {
        return std::nullopt;
    }
    for (std::size_t i = 2; i < t.size(); ++i) {
        base.keywords.emplace_back(t[i]);
    }
    base.last_uid_offset = static_cast<std::size_t>(t[1].data() - value.data());
    base.last_uid_width = t[1].size();
    return base;
}

ParsedMbox parse_mbox(std::string_view data)
{
    ParsedMbox out;
    out.size = data.size();
    std::int64_t date = 0;
    const auto first_eol = data.find('\n');
    std::size_t pos =
        parse_from_line(data.substr(0, first_eol), &date) ? 0 : next_boundary(data, 0);
    while (pos != std::string_view::npos && pos < data.size()) {
        ParsedMessage m;
        m.from = pos;
        const auto eol = data.find('\n', pos);
        parse_from_line(data.substr(pos, eol == std::string_view::npos ? eol : eol - pos),
                        &m.received);
        m.header = eol == std::string_view::npos ? data.size() : eol + 1;
        m.body = data.size();
        m.header_end = std::string_view::npos;
        std::optional<std::uint64_t> content_length;
        std::vector<std::pair<std::size_t, std::size_t>> status_ranges;
        bool header_cut = false;  // a From_ line inside the header ends the message
        std::size_t q = m.header;
        while (q < data.size()) {
            if (data[q] == '\n' ||
                (data[q] == '\r' && q + 1 < data.size() && data[q + 1] == '\n')) {
                m.header_end = q;
                m.body = q + (data[q] == '\r' ? 2 : 1);
                break;
            }
            // One header with its continuation lines.
            std::size_t end = q;
            do {
                const auto nl = data.find('\n', end);
                end = nl == std::string_view::npos ? data.size() : nl + 1;
            } while (end < data.size() && (data[end] == ' ' || data[end] == '\t'));
            const std::string_view text = data.substr(q, end - q);
            if (text.starts_with("From ") &&
                parse_from_line(text.substr(0, text.find('\n')), &date)) {
                m.body = q;
                header_cut = true;
                break;
            }
            const std::string_view name = header_name(text.substr(0, text.find('\n')));
            if (is_hidden_header(name)) {
                m.hidden.emplace_back(q, end);
                const std::string_view value = header_value(text);
                if (iequals(name, "X-IMAPbase") || iequals(name, "X-IMAP")) {
                    if (out.messages.empty() && !out.base) {
                        if (auto base = parse_imap_base(value)) {
                            base->last_uid_offset +=
                                static_cast<std::size_t>(value.data() - data.data());
                            out.base = std::move(base);
                            m.pseudo = iequals(name, "X-IMAP");
                        }
                    }
                } else if (iequals(name, "Content-Length")) {
                    std::uint64_t n = 0;
                    if (parse_number(value, n)) {
                        content_length = n;
                    }
                } else {
                    status_ranges.emplace_back(q, end);
                    if (iequals(name, "X-UID")) {
                        std::uint32_t uid = 0;
                        if (parse_number(value, uid) && uid != 0 && !m.uid) {
                            m.uid = uid;
                        }
                    } else if (iequals(name, "Status")) {
                        for (const char c : value) {
                            if (c == 'R') {
                                m.flags |= Flag::Seen;
                            } else if (c == 'O') {
                                m.seen_by_reader = true;
                            }
                        }
                    } else if (iequals(name, "X-Status")) {
                        for (const char c : value) {
                            if (c == 'A') {
                                m.flags |= Flag::Answered;
                            } else if (c == 'F') {
                                m.flags |= Flag::Flagged;
                            } else if (c == 'T') {
                                m.flags |= Flag::Draft;
                            } else if (c == 'D') {
                                m.flags |= Flag::Deleted;
                            }
                        }
                    } else {
                        for (const std::string_view k : split_words(value)) {
                            m.keywords.emplace_back(k);
                        }
                    }
                }
            }
            q = end;
        }
        if (!status_ranges.empty()) {
            bool contiguous = true;
            for (std::size_t i = 1; i < status_ranges.size(); ++i) {
                contiguous = contiguous && status_ranges[i].first == status_ranges[i - 1].second;
            }
            if (contiguous && status_ranges.back().second <= m.body) {
                m.status_block =
                    std::make_pair(status_ranges.front().first, status_ranges.back().second);
            }
        }
        // Where the message ends: a Content-Length that lands on a boundary (Dovecot writes
        // bodies unquoted and relies on it), else the next valid From_ line.
        std::size_t next = std::string_view::npos;
        if (header_cut) {
            next = m.body;
        } else if (content_length && *content_length <= data.size() - m.body) {
            const std::size_t t = m.body + static_cast<std::size_t>(*content_length);
            if (t == data.size() || (t + 1 == data.size() && data[t] == '\n')) {
                next = data.size();
            } else if (data[t] == '\n') {
                const auto eol2 = data.find('\n', t + 1);
                if (parse_from_line(
                        data.substr(t + 1, eol2 == std::string_view::npos ? eol2 : eol2 - t - 1),
                        &date)) {
                    next = t + 1;
                }
            }
        }
        if (next == std::string_view::npos) {
            next = next_boundary(data, m.body > m.header ? m.body : m.header);
        }
        if (next == std::string_view::npos) {
            next = data.size();
        }
        m.next = next;
        // The "\n" before the next From_ line (or the last one of the file) separates.
        if (next < data.size()) {
            m.end = next > m.header && data[next - 1] == '\n' ? next - 1 : next;
        } else {
            m.end = !data.empty() && data.back() == '\n' && data.size() > m.header ? data.size() - 1
                                                                                   : data.size();
        }
        m.end = std::max(m.end, m.header);
        m.body = std::min(m.body, m.end);
        m.header_end =
            std::min(m.header_end == std::string_view::npos ? m.body : m.header_end, m.body);
        while (!m.hidden.empty() && m.hidden.back().second > m.end) {
            m.hidden.pop_back();
        }
        if (m.status_block && m.status_block->second > m.end) {
            m.status_block.reset();
        }
        out.messages.push_back(std::move(m));
        pos = next;
    }
    return out;
}

UidAssignment assign_uids(const ParsedMbox& mbox)
{
    UidAssignment out;
    out.uids.reserve(mbox.messages.size());
    const std::uint32_t limit = mbox.base ? mbox.base->last_uid : UINT32_MAX;
    std::uint32_t prev = 0;
    std::uint32_t counter = 0;
    bool fresh = false;
    bool any = false;
    for (const ParsedMessage& m : mbox.messages) {
        if (m.pseudo) {
            out.uids.push_back(0);
            continue;
        }
        any = true;
        if (!fresh && m.uid && *m.uid > prev && *m.uid <= limit) {
            prev = *m.uid;
            out.uids.push_back(prev);
            continue;
        }
        if (!fresh) {
            fresh = true;
            counter = std::max(mbox.base ? mbox.base->last_uid : 0, prev);
        }
        // A mailbox that ran out of UIDs keeps the last one; the caller refuses to save more.
        counter = counter == UINT32_MAX ? counter : counter + 1;
        out.uids.push_back(counter);
    }
    out.last_uid = std::max({mbox.base ? mbox.base->last_uid : 0, prev, counter});
    out.needs_write = fresh || (any && !mbox.base);
    return out;
}

std::string visible_message(std::string_view data, const ParsedMessage& m)
{
    std::string out;
    out.reserve(m.end - m.header);
    std::size_t pos = m.header;
    for (const auto& [begin, end] : m.hidden) {
        if (begin > pos) {
            out.append(data.substr(pos, begin - pos));
        }
        pos = std::max(pos, end);
    }
    if (pos < m.end) {
        out.append(data.substr(pos, m.end - pos));
    }
    return out;
}

std::string make_from_line(std::string_view sender, std::int64_t date)
{
    const std::time_t t = static_cast<std::time_t>(date);
    struct tm tm {};
    ::localtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %d",
                  std::string(kWeekdays[tm.tm_wday % 7]).c_str(),
                  std::string(kMonths[tm.tm_mon % 12]).c_str(), tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec, tm.tm_year + 1900);
    std::string s(sender.empty() ? std::string_view("MAILER-DAEMON") : sender);
    for (char& c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            c = '_';  // the sender is one word on the From_ line
        }
    }
    return "From " + s + "  " + buf;
}

std::string escape_from_lines(std::string_view message)
{
    std::string out;
    out.reserve(message.size() + 16);
    std::size_t pos = 0;
    while (pos < message.size()) {
        const auto nl = message.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? message.size() : nl + 1;
        if (message.substr(pos, 5) == "From ") {
            out += '>';
        }
        out.append(message.substr(pos, end - pos));
        pos = end;
    }
    if (out.empty() || out.back() != '\n') {
        out += '\n';
    }
    return out;
}

std::string strip_status_headers(std::string_view message)
{
    std::string out;
    out.reserve(message.size());
    std::size_t pos = 0;
    while (pos < message.size()) {
        if (message[pos] == '\n' || message.substr(pos, 2) == "\r\n") {
            break;  // end of the header
        }
        std::size_t end = pos;
        do {
            const auto nl = message.find('\n', end);
            end = nl == std::string_view::npos ? message.size() : nl + 1;
        } while (end < message.size() && (message[end] == ' ' || message[end] == '\t'));
        const std::string_view text = message.substr(pos, end - pos);
        if (!is_hidden_header(header_name(text.substr(0, text.find('\n'))))) {
            out.append(text);
        }
        pos = end;
    }
    out.append(message.substr(pos));
    return out;
}

std::optional<StatusValues> parse_status_block(std::string_view block)
{
    if (block.empty() || block.back() != '\n') {
        return std::nullopt;
    }
    StatusValues v;
    std::size_t pos = 0;
    while (pos < block.size()) {
        const std::size_t nl = block.find('\n', pos);
        const std::string_view line = block.substr(pos, nl - pos);
        pos = nl + 1;
        const std::string_view name = header_name(line);
        if (line.empty() || line[0] == ' ' || line[0] == '\t' || !is_status_header(name)) {
            return std::nullopt;
        }
        const std::string_view value = header_value(line);
        if (iequals(name, "X-UID")) {
            std::uint32_t uid = 0;
            if (v.uid == 0 && parse_number(value, uid) && uid != 0) {
                v.uid = uid;
            }
        } else if (iequals(name, "Status")) {
            for (const char c : value) {
                if (c == 'R') {
                    v.flags |= Flag::Seen;
                } else if (c == 'O') {
                    v.seen_by_reader = true;
                }
            }
        } else if (iequals(name, "X-Status")) {
            for (const char c : value) {
                if (c == 'A') {
                    v.flags |= Flag::Answered;
                } else if (c == 'F') {
                    v.flags |= Flag::Flagged;
                } else if (c == 'T') {
                    v.flags |= Flag::Draft;
                } else if (c == 'D') {
                    v.flags |= Flag::Deleted;
                }
            }
        } else {
            for (const std::string_view k : split_words(value)) {
                v.keywords.emplace_back(k);
            }
        }
    }
    return v;
}

std::optional<std::string> render_status_block(const StatusValues& values,
                                               std::optional<std::size_t> exact_size)
{
    std::string out = "X-UID: " + std::to_string(values.uid) + "\nStatus: ";
    if (values.flags.has(Flag::Seen)) {
        out += 'R';
    }
    if (values.seen_by_reader) {
        out += 'O';
    }
    out += "\nX-Status: ";
    if (values.flags.has(Flag::Answered)) {
        out += 'A';
    }
    if (values.flags.has(Flag::Flagged)) {
        out += 'F';
    }
    if (values.flags.has(Flag::Draft)) {
        out += 'T';
    }
    if (values.flags.has(Flag::Deleted)) {
        out += 'D';
    }
    out += "\nX-Keywords:";
    for (const std::string& k : values.keywords) {
        out += ' ';
        out += k;
    }
    std::size_t pad = kStatusPadding;
    if (exact_size) {
        if (out.size() + 1 > *exact_size) {
            return std::nullopt;
        }
        pad = *exact_size - out.size() - 1;
    }
    out.append(pad, ' ');
    out += '\n';
    return out;
}

std::string render_imap_base(const MboxBase& base)
{
    char digits[16];
    std::snprintf(digits, sizeof digits, "%010u", base.last_uid);
    std::string out = "X-IMAPbase: " + std::to_string(base.uidvalidity) + " " + digits;
    for (const std::string& k : base.keywords) {
        out += ' ';
        out += k;
    }
    out += '\n';
    return out;
}

}  // namespace roost::storage::mbox
