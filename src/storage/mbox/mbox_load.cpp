// MboxMailbox: bringing the parse up to date with the file: from roost-mbox-parse when the
// file is the one it describes, by parsing only what was appended when the file grew, by a
// whole parse otherwise; and saving the parse for the next session.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <limits>
#include <thread>

#include "storage/file_util.hpp"
#include "storage/mbox/mbox_mailbox.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::mbox {
namespace {

// The longest we wait (holding the lock) for a parse to become settled before saving it; a
// file system with whole-second timestamps needs seconds, and then the parse is not saved.
constexpr std::int64_t kMaxSettleWaitNs = 30000000;
// taken_ns_ of a parse whose exactness is not known (never settled).
constexpr std::int64_t kUncertain = std::numeric_limits<std::int64_t>::min() / 2;

std::int64_t now_ns()
{
    struct timespec ts {};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Reads exactly [offset, offset + out.size()) of `fd`; false at a short read (the file shrank).
Result<bool> pread_exact(int fd, std::string& out, std::uint64_t offset, const std::string& what)
{
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n =
            ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("read(" + what + ")");
        }
        if (n == 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Physical size: the message without From_ line, hidden headers and separator; virtual size
// adds a CR for every bare LF (what Dovecot reports for both).
void set_sizes(MboxEntry& e, std::string_view data, const ParsedMessage& m)
{
    std::uint64_t size = 0;
    std::uint64_t bare_lf = 0;
    std::size_t pos = m.header;
    const auto count = [&](std::size_t from, std::size_t to) {
        size += to - from;
        char prev = '\0';
        for (std::size_t k = from; k < to; ++k) {
            if (data[k] == '\n' && prev != '\r') {
                ++bare_lf;
            }
            prev = data[k];
        }
    };
    for (const auto& [begin, end] : m.hidden) {
        if (begin > pos) {
            count(pos, begin);
        }
        pos = std::max(pos, end);
    }
    if (pos < m.end) {
        count(pos, m.end);
    }
    e.size = size;
    e.vsize = size + bare_lf;
}

void shift(ParsedMessage& m, std::size_t by)
{
    for (std::size_t* p : {&m.from, &m.header, &m.header_end, &m.body, &m.end, &m.next}) {
        *p += by;
    }
    for (auto& [begin, end] : m.hidden) {
        begin += by;
        end += by;
    }
    if (m.status_block) {
        m.status_block->first += by;
        m.status_block->second += by;
    }
}

}  // namespace

std::optional<std::size_t> MboxMailbox::add_keyword(const std::string& name)
{
    // Keyword indexes never change meaning within a session: known names keep theirs.
    for (std::size_t i = 0; i < keywords_.size(); ++i) {
        if (keywords_[i] == name) {
            return i;
        }
    }
    if (keywords_.size() >= 64 || !is_valid_keyword(name)) {
        return std::nullopt;
    }
    keywords_.push_back(name);
    return keywords_.size() - 1;
}

void MboxMailbox::note_base()
{
    if (base_) {
        for (const std::string& k : base_->keywords) {
            add_keyword(k);
        }
        if (base_->uidvalidity != uidvalidity_hint_) {
            max_uid_seen_ = 0;  // UIDs of another UIDVALIDITY say nothing about this one
        }
        uidvalidity_hint_ = base_->uidvalidity;
    } else if (uidvalidity_hint_ == 0) {
        uidvalidity_hint_ =
            static_cast<std::uint32_t>(std::max<std::time_t>(std::time(nullptr), 1));
    }
}

void MboxMailbox::mask_volatile(std::string& buf, std::uint64_t offset) const
{
    const std::uint64_t limit = offset + buf.size();
    const auto blank = [&](std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t p = std::max(begin, offset); p < std::min(end, limit); ++p) {
            buf[static_cast<std::size_t>(p - offset)] = '0';
        }
    };
    if (base_) {
        blank(base_->last_uid_offset, base_->last_uid_offset + base_->last_uid_width);
    }
    auto it =
        std::lower_bound(entries_.begin(), entries_.end(), offset,
                         [](const Entry& e, std::uint64_t off) { return e.parsed.next <= off; });
    for (; it != entries_.end() && it->parsed.from < limit; ++it) {
        if (it->parsed.status_block) {
            blank(it->parsed.status_block->first, it->parsed.status_block->second);
        }
    }
}

void MboxMailbox::set_chunk_sums(std::string_view data)
{
    chunk_sums_.resize(chunk_count(data.size()));
    std::string copy;
    for (std::size_t i = 0; i < chunk_sums_.size(); ++i) {
        copy.assign(data.substr(i * kSumChunk, kSumChunk));
        mask_volatile(copy, i * kSumChunk);
        chunk_sums_[i] = chunk_sum(copy, i * kSumChunk);
    }
    sums_valid_ = true;
}

Result<bool> MboxMailbox::last_uid_matches()
{
    if (!base_) {
        return true;
    }
    std::string digits(base_->last_uid_width, '\0');
    auto got = pread_exact(fd_.get(), digits, base_->last_uid_offset, paths_.file);
    if (!got || !*got) {
        return got;
    }
    const auto now = parse_imap_base("1 " + digits);
    return now && now->last_uid == base_->last_uid;
}

void MboxMailbox::track_write(std::size_t offset, std::string_view text)
{
    if (!sums_valid_) {
        return;
    }
    const std::uint64_t old_size = identity_.size;
    const std::size_t begin = offset & ~std::size_t{7};
    const std::size_t end = offset + text.size();
    const std::size_t new_size = std::max<std::size_t>(old_size, end);
    const std::size_t window_end = std::min<std::size_t>((end + 7) & ~std::size_t{7}, new_size);
    if (begin > old_size) {
        sums_valid_ = false;
        return;
    }
    std::string before(std::min<std::size_t>(window_end, old_size) - begin, '\0');
    auto read = pread_exact(fd_.get(), before, begin, paths_.file);
    if (!read || !*read) {
        sums_valid_ = false;
        return;
    }
    std::string after = before;
    after.resize(window_end - begin, '\0');
    after.replace(offset - begin, text.size(), text);
    mask_volatile(before, begin);
    mask_volatile(after, begin);
    update_chunk_sums(chunk_sums_, begin, before, after);
}

Result<bool> MboxMailbox::chunks_match(std::uint64_t size)
{
    if (!sums_valid_ || chunk_sums_.size() != chunk_count(size)) {
        return false;
    }
    std::string buf;
    for (std::size_t i = 0; i < chunk_sums_.size(); ++i) {
        buf.resize(
            static_cast<std::size_t>(std::min<std::uint64_t>(kSumChunk, size - i * kSumChunk)));
        auto read = pread_exact(fd_.get(), buf, i * kSumChunk, paths_.file);
        if (!read || !*read) {
            return read;
        }
        mask_volatile(buf, i * kSumChunk);
        if (chunk_sum(buf, i * kSumChunk) != chunk_sums_[i]) {
            return false;
        }
    }
    return true;
}

void MboxMailbox::adopt_appended(std::string_view record, std::size_t offset, std::uint32_t uid,
                                 std::uint64_t keywords, const Identity& id)
{
    ParsedMbox parsed = parse_mbox(record);
    if (parsed.messages.size() != 1 || parsed.messages.front().pseudo) {
        loaded_ = false;  // not what we wrote: read the file again next time
        return;
    }
    Entry e;
    e.uid = uid;
    e.keywords = keywords;
    set_sizes(e, record, parsed.messages.front());
    parsed.messages.front().keywords.clear();
    e.parsed = std::move(parsed.messages.front());
    shift(e.parsed, offset);
    // The sums take the record in, its status block left out as everywhere.
    const std::size_t word = offset & ~std::size_t{7};
    std::string before(offset - word, '\0');
    auto read = pread_exact(fd_.get(), before, word, paths_.file);
    if (!read || !*read) {
        sums_valid_ = false;
    }
    mask_volatile(before, word);
    entries_.push_back(std::move(e));
    if (sums_valid_) {
        std::string after = before + std::string(record);
        mask_volatile(after, word);
        update_chunk_sums(chunk_sums_, word, before, after);
    }
    note_own_write(id);
}

void MboxMailbox::note_own_write(const Identity& id)
{
    exact_ = exact_ || parse_is_settled(identity_.mtime_ns, taken_ns_);
    taken_ns_ = exact_ ? now_ns() : kUncertain;
    identity_ = id;
}

void MboxMailbox::adopt(std::string_view data, const Identity& id)
{
    ParsedMbox parsed = parse_mbox(data);
    const UidAssignment assigned = assign_uids(parsed);
    base_ = parsed.base;
    last_uid_ = assigned.last_uid;
    needs_write_ = assigned.needs_write;
    has_pseudo_ = !parsed.messages.empty() && parsed.messages.front().pseudo;
    note_base();
    std::vector<Entry> entries;
    entries.reserve(parsed.messages.size());
    for (std::size_t i = 0; i < parsed.messages.size(); ++i) {
        ParsedMessage& m = parsed.messages[i];
        if (m.pseudo) {
            continue;
        }
        Entry e;
        e.uid = assigned.uids[i];
        for (const std::string& k : m.keywords) {
            if (const auto bit = add_keyword(k)) {
                e.keywords |= std::uint64_t{1} << *bit;
            }
        }
        set_sizes(e, data, m);
        m.keywords.clear();
        e.parsed = std::move(m);
        entries.push_back(std::move(e));
    }
    entries_ = std::move(entries);
    max_uid_seen_ = std::max(max_uid_seen_, last_uid_);
    identity_ = id;
    taken_ns_ = now_ns();
    exact_ = true;  // read (or written) under the lock held now
    set_chunk_sums(data);
    loaded_ = true;
}

Result<bool> MboxMailbox::restore_saved(const Identity& id)
{
    if (paths_.index_dir.empty()) {
        return false;
    }
    auto bytes = read_file(paths_.index_dir + "/" + std::string(kMboxParseFile));
    if (!bytes) {
        return false;
    }
    std::optional<MboxParse> saved = decode_mbox_parse(*bytes, paths_.file);
    if (!saved || !saved->identity.same_file(id) || saved->identity.size > id.size) {
        return false;
    }
    // Keyword bits of this session keep their meaning: the saved ones are mapped onto them.
    std::vector<std::uint64_t> bit_of(saved->keywords.size(), 0);
    for (std::size_t i = 0; i < saved->keywords.size(); ++i) {
        if (const auto bit = add_keyword(saved->keywords[i])) {
            bit_of[i] = std::uint64_t{1} << *bit;
        }
    }
    bool identity_map = true;
    for (std::size_t i = 0; i < bit_of.size(); ++i) {
        identity_map = identity_map && bit_of[i] == std::uint64_t{1} << i;
    }
    if (!identity_map) {
        for (Entry& e : saved->entries) {
            std::uint64_t bits = 0;
            for (std::size_t i = 0; i < bit_of.size(); ++i) {
                if ((e.keywords >> i) & 1U) {
                    bits |= bit_of[i];
                }
            }
            e.keywords = bits;
        }
    }
    base_ = std::move(saved->base);
    last_uid_ = saved->last_uid;
    needs_write_ = saved->needs_write;
    has_pseudo_ = saved->has_pseudo;
    note_base();
    max_uid_seen_ = std::max(max_uid_seen_, last_uid_);
    entries_ = std::move(saved->entries);
    chunk_sums_ = std::move(saved->chunk_sums);
    sums_valid_ = true;
    identity_ = saved->identity;
    taken_ns_ = saved->taken_ns;
    loaded_ = true;
    return true;
}

Result<bool> MboxMailbox::parse_grown(const Identity& id)
{
    if (entries_.empty() || !identity_.same_file(id) || id.size <= identity_.size ||
        entries_.back().parsed.next != identity_.size) {
        return false;
    }
    // The old bytes must be those parsed: in-place changes (flags written by Dovecot or
    // another session) keep the size, so only their contents tell.
    auto same = chunks_match(identity_.size);
    if (same && *same) {
        same = reread_blocks();  // the sums leave out the status headers
    }
    if (!same || !*same) {
        return same;
    }
    // From the last known message on: its end depended on the file's end.
    const std::size_t start = entries_.back().parsed.from;
    const std::size_t old_len = identity_.size - start;
    std::string data(static_cast<std::size_t>(id.size - start), '\0');
    auto read = pread_exact(fd_.get(), data, start, paths_.file);
    if (!read || !*read) {
        return read;
    }
    std::int64_t date = 0;
    const auto eol = data.find('\n', old_len);
    if (old_len == 0 || data[old_len - 1] != '\n' ||
        !parse_from_line(
            std::string_view(data).substr(old_len, eol == std::string::npos ? eol : eol - old_len),
            &date)) {
        return false;
    }
    // The old end's word as the sums hold it (masked with the old parse).
    const std::size_t word = static_cast<std::size_t>(identity_.size) & ~std::size_t{7};
    if (word < start) {
        return false;
    }
    std::string before = data.substr(word - start, old_len - (word - start));
    mask_volatile(before, word);
    ParsedMbox parsed = parse_mbox(data);
    if (parsed.messages.empty() || parsed.messages.front().from != 0 ||
        parsed.messages.front().pseudo) {
        return false;
    }
    // X-IMAPbase belongs to the file's first message only.
    const bool first_in_file = entries_.size() == 1 && !has_pseudo_;
    std::optional<MboxBase> base = base_;
    if (first_in_file) {
        base = parsed.base;
        if (base) {
            base->last_uid_offset += start;
        }
    } else if (base) {
        // Our own appends raise the last UID in place: read what the file says now.
        std::string digits(base->last_uid_width, '\0');
        auto got = pread_exact(fd_.get(), digits, base->last_uid_offset, paths_.file);
        if (!got || !*got) {
            return got;
        }
        auto fresh = parse_imap_base("1 " + digits);
        if (!fresh) {
            return false;
        }
        base->last_uid = fresh->last_uid;
    }
    // UIDs as a whole parse gives them: the old messages' written X-UIDs, then the new ones.
    const std::size_t kept = entries_.size() - 1;
    ParsedMbox uids_of;
    uids_of.base = base;
    uids_of.messages.resize(kept + parsed.messages.size());
    for (std::size_t i = 0; i < kept; ++i) {
        uids_of.messages[i].uid = entries_[i].parsed.uid;
    }
    for (std::size_t i = 0; i < parsed.messages.size(); ++i) {
        uids_of.messages[kept + i].uid = parsed.messages[i].uid;
    }
    const UidAssignment assigned = assign_uids(uids_of);
    for (std::size_t i = 0; i < kept; ++i) {
        if (assigned.uids[i] != entries_[i].uid) {
            return false;
        }
    }
    entries_.pop_back();
    entries_.reserve(kept + parsed.messages.size());
    for (std::size_t i = 0; i < parsed.messages.size(); ++i) {
        ParsedMessage& m = parsed.messages[i];
        Entry e;
        e.uid = assigned.uids[kept + i];
        for (const std::string& k : m.keywords) {
            if (const auto bit = add_keyword(k)) {
                e.keywords |= std::uint64_t{1} << *bit;
            }
        }
        set_sizes(e, data, m);
        m.keywords.clear();
        e.parsed = std::move(m);
        shift(e.parsed, start);
        entries_.push_back(std::move(e));
    }
    // The appended bytes join the sums (the old ones matched). The From_ line is longer than
    // a word, so the word the old end falls in lies within `data`.
    base_ = std::move(base);
    std::string after = data.substr(word - start);
    mask_volatile(after, word);
    update_chunk_sums(chunk_sums_, word, before, after);
    last_uid_ = assigned.last_uid;
    needs_write_ = assigned.needs_write;
    note_base();
    max_uid_seen_ = std::max(max_uid_seen_, last_uid_);
    identity_ = id;
    taken_ns_ = now_ns();
    return true;
}

Result<bool> MboxMailbox::reread_status(const Identity& id)
{
    if (entries_.empty() || !identity_.same_file(id) || id.size != identity_.size) {
        return false;
    }
    auto same = chunks_match(id.size);
    if (same && *same) {
        same = last_uid_matches();
    }
    if (same && *same) {
        same = reread_blocks();
    }
    if (!same || !*same) {
        return same;
    }
    identity_ = id;
    taken_ns_ = now_ns();
    return true;
}

Result<bool> MboxMailbox::reread_blocks()
{
    for (Entry& e : entries_) {
        if (!e.parsed.status_block) {
            continue;
        }
        const auto [begin, end] = *e.parsed.status_block;
        std::string block(end - begin, '\0');
        auto read = pread_exact(fd_.get(), block, begin, paths_.file);
        if (!read || !*read) {
            return read;
        }
        const std::optional<StatusValues> v = parse_status_block(block);
        if (!v || v->uid != e.parsed.uid.value_or(0)) {
            return false;  // renumbered or no longer only status headers: parse it all
        }
        e.parsed.flags = v->flags;
        e.parsed.seen_by_reader = v->seen_by_reader;
        e.keywords = 0;
        for (const std::string& k : v->keywords) {
            if (const auto bit = add_keyword(k)) {
                e.keywords |= std::uint64_t{1} << *bit;
            }
        }
        // The block is hidden as a whole, as write_in_place() leaves it.
        auto& hidden = e.parsed.hidden;
        std::erase_if(hidden, [first = begin, last = end](const auto& h) {
            return h.first >= first && h.second <= last;
        });
        hidden.insert(std::lower_bound(hidden.begin(), hidden.end(), std::make_pair(begin, end)),
                      std::make_pair(begin, end));
    }
    return true;
}

Result<void> MboxMailbox::load(bool force)
{
    auto id = fd_identity();
    if (!id) {
        return id.error();
    }
    if (!force && loaded_ && *id == identity_) {
        exact_ = exact_ || parse_is_settled(identity_.mtime_ns, taken_ns_);
        return {};
    }
    const std::vector<std::string> keywords_before = keywords_;
    const std::uint32_t max_uid_before = max_uid_seen_;
    const std::uint32_t hint_before = uidvalidity_hint_;
    bool restored = false;
    if (!force && !loaded_) {
        auto got = restore_saved(*id);
        if (!got) {
            return got.error();
        }
        restored = *got;
    }
    if (restored && *id == identity_) {
        if (parse_is_settled(identity_.mtime_ns, taken_ns_)) {
            exact_ = true;
            last_load_ = LoadKind::Saved;
            return {};
        }
        // Possibly written in the timestamp tick we read it in: check its bytes.
        auto same = reread_status(*id);
        if (!same) {
            return same.error();
        }
        if (*same) {
            exact_ = true;
            last_load_ = LoadKind::SavedChecked;
            settle();
            return {};
        }
    } else if (!force && loaded_ && identity_.same_file(*id) && id->size > identity_.size) {
        auto grown = parse_grown(*id);
        if (!grown) {
            return grown.error();
        }
        if (*grown) {
            exact_ = true;
            last_load_ = LoadKind::Grown;
            settle();
            return {};
        }
    } else if (!force && loaded_ && identity_.same_file(*id) && id->size == identity_.size) {
        auto restated = reread_status(*id);
        if (!restated) {
            return restated.error();
        }
        if (*restated) {
            exact_ = true;
            last_load_ = LoadKind::StatusOnly;
            settle();
            return {};
        }
    }
    if (restored) {
        keywords_ = keywords_before;  // what the saved parse brought is not this file's
        max_uid_seen_ = max_uid_before;
        uidvalidity_hint_ = hint_before;
    }
    auto data = read_all();
    if (!data) {
        return data.error();
    }
    id = fd_identity();
    if (!id) {
        return id.error();
    }
    adopt(*data, *id);
    exact_ = true;
    last_load_ = LoadKind::Full;
    settle();
    return {};
}

Result<SyncResult> MboxMailbox::sync()
{
    auto result = IndexMailbox::sync();
    if (save_pending_) {
        save_pending_ = false;
        auto scope = lock_file(false, false);
        if (scope && *scope) {
            save_parse();
        }
    }
    return result;
}

void MboxMailbox::settle()
{
    if (paths_.index_dir.empty() || !loaded_ || !lock_) {
        return;
    }
    save_pending_ = true;
    const std::int64_t wait = identity_.mtime_ns + settle_margin_ns(identity_.mtime_ns) - taken_ns_;
    if (wait > 0 && wait <= kMaxSettleWaitNs) {
        // Holding the lock, nobody may write meanwhile: a few ms make the parse one the next
        // session can trust without reading the file.
        std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
        taken_ns_ = now_ns();
    }
}

void MboxMailbox::save_parse()
{
    if (paths_.index_dir.empty() || !loaded_ || !lock_ ||
        !parse_is_settled(identity_.mtime_ns, taken_ns_)) {
        return;
    }
    auto id = fd_identity();
    if (!id || *id != identity_) {
        return;
    }
    if (!sums_valid_) {
        return;
    }
    MboxParse parse;
    parse.identity = identity_;
    parse.taken_ns = taken_ns_;
    parse.base = base_;
    parse.has_pseudo = has_pseudo_;
    parse.needs_write = needs_write_;
    parse.last_uid = last_uid_;
    parse.keywords = keywords_;
    parse.chunk_sums = chunk_sums_;
    parse.entries = std::move(entries_);
    const std::string bytes = encode_mbox_parse(parse, paths_.file);
    entries_ = std::move(parse.entries);
    const std::string path = paths_.index_dir + "/" + std::string(kMboxParseFile);
    // A cache: not fsynced (a torn or empty file after a crash fails its checksum), and a
    // failure only costs the next session a parse.
    if (!write_file_atomic(path, bytes, 0600, false)) {
        if (ensure_directories(paths_.index_dir, 0700)) {
            (void)write_file_atomic(path, bytes, 0600, false);
        }
    }
}

}  // namespace roost::storage::mbox
