// MboxMailbox: everything that changes the file: in-place status updates, whole-file
// rewrites through rename(), expunges and appends.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>

#include "core/strings.hpp"
#include "storage/file_util.hpp"
#include "storage/mbox/mbox_mailbox.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::mbox {
namespace {

constexpr std::size_t kWriteChunk = 1 << 20;

std::string directory_of(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

Result<void> write_all(int fd, std::string_view data, off_t offset, const std::string& what)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n =
            ::pwrite(fd, data.data() + done, data.size() - done, offset + static_cast<off_t>(done));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("write(" + what + ")");
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

// The message a folder keeps when all its messages are gone, so UIDVALIDITY and the next UID
// survive (recognised by Dovecot, UW-IMAP and Pine by its X-IMAP header).
std::string pseudo_message(const MboxBase& base)
{
    const std::int64_t now = std::time(nullptr);
    char date[64];
    const std::time_t t = static_cast<std::time_t>(now);
    struct tm tm {};
    ::gmtime_r(&t, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    std::string imap = render_imap_base(base);
    imap.replace(0, std::string_view("X-IMAPbase").size(), "X-IMAP");
    return make_from_line("MAILER_DAEMON", now) + "\nDate: " + date +
           "\nFrom: Mail System Internal Data <MAILER-DAEMON@" + local_hostname() +
           ">\nSubject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA\nMessage-ID: <" +
           std::to_string(base.uidvalidity) + "@" + local_hostname() + ">\n" + imap +
           "Status: RO\n\nThis message holds the folder's IMAP state (UIDVALIDITY, next UID and\n"
           "keywords). It is not mail; mail programs hide it. Deleting it makes every IMAP\n"
           "client download the folder again.\n\n";
}

}  // namespace

Result<bool> MboxMailbox::write_in_place(std::size_t i, const StatusValues& values)
{
    Entry& e = entries_[i];
    if (!e.parsed.status_block) {
        return false;
    }
    const auto [begin, end] = *e.parsed.status_block;
    auto text = render_status_block(values, end - begin);
    if (!text) {
        return false;
    }
    // One pwrite: a kill lands before or after it (a write that crosses a page boundary could
    // in theory be cut between pages, leaving a mix of old and new flags, never broken lines
    // of another length).
    track_write(begin, *text);
    auto written = write_all(fd_.get(), *text, static_cast<off_t>(begin), paths_.file);
    if (!written) {
        sums_valid_ = false;
        return written.error();
    }
    // Not fsynced, as Dovecot's mail_fsync=optimized does not fsync flag changes: a crash
    // may lose the change, never a message.
    e.parsed.flags = values.flags;
    e.parsed.seen_by_reader = values.seen_by_reader;
    std::uint64_t bits = 0;
    for (const std::string& k : values.keywords) {
        for (std::size_t n = 0; n < keywords_.size(); ++n) {
            if (keywords_[n] == k) {
                bits |= std::uint64_t{1} << n;
            }
        }
    }
    e.keywords = bits;
    auto& hidden = e.parsed.hidden;
    std::erase_if(hidden, [first = begin, last = end](const auto& h) {
        return h.first >= first && h.second <= last;
    });  // clang 14 cannot capture structured bindings
    hidden.insert(std::lower_bound(hidden.begin(), hidden.end(), std::make_pair(begin, end)),
                  std::make_pair(begin, end));
    auto id = fd_identity();
    if (!id) {
        return id.error();
    }
    note_own_write(*id);
    return true;
}

Result<void> MboxMailbox::rewrite(
    const std::function<bool(std::uint32_t uid, StatusValues&)>& change)
{
    // The caller holds the exclusive lock and has load()ed; the bytes are read again here
    // because the parse keeps offsets only.
    auto data_result = read_all();
    if (!data_result) {
        return data_result.error();
    }
    const std::string data = std::move(data_result.value());
    auto id = fd_identity();
    if (!id) {
        return id.error();
    }
    if (*id != identity_ || data.size() != identity_.size) {
        adopt(data, *id);  // changed by a writer that ignores our locks
    }
    MboxBase base;
    base.uidvalidity = base_ ? base_->uidvalidity : uidvalidity_hint_;
    base.last_uid = std::max(last_uid_, max_uid_seen_);
    for (const std::string& k : keywords_) {
        base.keywords.push_back(k);
    }
    std::string out;
    out.reserve(data.size() + entries_.size() * 64 + 256);
    bool first = true;
    for (const Entry& e : entries_) {
        StatusValues v = status_of(e);
        if (!change(e.uid, v)) {
            continue;
        }
        v.uid = e.uid;
        const ParsedMessage& m = e.parsed;
        out.append(data, m.from, m.header - m.from);
        if (m.header == m.from || data[m.header - 1] != '\n') {
            out += '\n';
        }
        // The header without status headers; Content-Length stays (the body is unchanged).
        std::size_t pos = m.header;
        for (const auto& [begin, end] : m.hidden) {
            if (begin >= m.header_end) {
                break;
            }
            out.append(data, pos, begin - pos);
            const std::string_view text(data.data() + begin, end - begin);
            if (text.size() >= 15 && iequals(text.substr(0, 15), "Content-Length:")) {
                out.append(text);
            }
            pos = end;
        }
        out.append(data, pos, m.header_end - pos);
        if (first) {
            out += render_imap_base(base);
            first = false;
        }
        out += *render_status_block(v, std::nullopt);
        if (m.header_end == m.end) {
            out += '\n';  // no empty line after the header: give it one
        } else {
            out.append(data, m.header_end, m.end - m.header_end);
        }
        out += '\n';
    }
    if (first) {
        out = pseudo_message(base);
    }

    // Write the new file beside the old one and rename it over: a kill leaves one or the
    // other, never a mix.
    struct stat old_st {};
    if (::fstat(fd_.get(), &old_st) < 0) {
        return storage_errno_error("fstat(" + paths_.file + ")");
    }
    const std::string tmp = temp_path_for(paths_.file);
    UniqueFd fd(::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, old_st.st_mode & 0777));
    if (!fd) {
        return storage_errno_error("open(" + tmp + ")");
    }
    const auto fail = [&](Error err) {
        ::unlink(tmp.c_str());
        return err;
    };
    // Keep owner, group (the spool's "mail" group) and mode; allowed only as far as we may.
    (void)!::fchown(fd.get(), old_st.st_uid, old_st.st_gid);
    (void)!::fchmod(fd.get(), old_st.st_mode & 07777);
    int step = 0;
    for (std::size_t off = 0; off < out.size(); off += kWriteChunk) {
        const std::string_view chunk =
            std::string_view(out).substr(off, std::min(kWriteChunk, out.size() - off));
        auto written = write_all(fd.get(), chunk, static_cast<off_t>(off), tmp);
        if (!written) {
            return fail(written.error());
        }
        probe(step++);
    }
    if (mbox_options_.fsync && ::fdatasync(fd.get()) < 0) {
        return fail(storage_errno_error("fdatasync(" + tmp + ")"));
    }
    probe(kProbeBeforeRename);
    auto moved = lock_->move_to(fd.get(), [&]() -> Result<void> {
        if (::rename(tmp.c_str(), paths_.file.c_str()) < 0) {
            return storage_errno_error("rename(" + tmp + ", " + paths_.file + ")");
        }
        return {};
    });
    if (!moved) {
        return fail(moved.error());
    }
    probe(kProbeAfterRename);
    fd_ = std::move(fd);
    if (mbox_options_.fsync) {
        auto synced = fsync_directory(directory_of(paths_.file));
        if (!synced) {
            return synced;
        }
    }
    id = fd_identity();
    if (!id) {
        return id.error();
    }
    adopt(out, *id);
    settle();
    return {};
}

Result<index::StoredFlags> MboxMailbox::write_flags(std::uint32_t uid, StoreMode mode, Flags flags,
                                                    std::uint64_t keywords)
{
    auto scope = lock_file(true, false);
    if (!scope) {
        return scope.error();
    }
    const auto expunged = [uid] {
        return storage_error(StorageError::Expunged,
                             "message UID " + std::to_string(uid) + " was expunged");
    };
    if (!*scope) {
        return expunged();
    }
    auto loaded = load(false);
    if (!loaded) {
        return loaded.error();
    }
    const Entry* e = find(uid);
    if (e == nullptr) {
        return expunged();
    }
    StatusValues v = status_of(*e);
    v.flags = apply_store(v.flags, mode, flags).storable();
    const std::uint64_t bits = apply_store(e->keywords, mode, keywords);
    v.keywords = names_of(bits);
    if (!needs_write_) {
        auto done = write_in_place(static_cast<std::size_t>(e - entries_.data()), v);
        if (!done) {
            return done.error();
        }
        if (*done) {
            return index::StoredFlags{v.flags, bits};
        }
    }
    auto written = rewrite([&](std::uint32_t u, StatusValues& values) {
        if (u == uid) {
            values = v;
        }
        return true;
    });
    if (!written) {
        return written.error();
    }
    return index::StoredFlags{v.flags, bits};
}

Result<void> MboxMailbox::remove_messages(const std::vector<std::uint32_t>& uids)
{
    auto scope = lock_file(true, false);
    if (!scope) {
        return scope.error();
    }
    if (!*scope) {
        return {};
    }
    auto loaded = load(false);
    if (!loaded) {
        return loaded.error();
    }
    std::vector<std::uint32_t> sorted = uids;
    std::sort(sorted.begin(), sorted.end());
    const bool any = std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) {
        return std::binary_search(sorted.begin(), sorted.end(), e.uid);
    });
    if (!any) {
        return {};
    }
    return rewrite([&](std::uint32_t uid, StatusValues&) {
        return !std::binary_search(sorted.begin(), sorted.end(), uid);
    });
}

Result<void> MboxMailbox::mark_not_new(const std::vector<std::uint32_t>& uids)
{
    auto scope = lock_file(true, false);
    if (!scope) {
        return scope.error();
    }
    if (!*scope) {
        return {};
    }
    auto loaded = load(false);
    if (!loaded) {
        return loaded.error();
    }
    std::vector<std::uint32_t> left;
    for (const std::uint32_t uid : uids) {
        const Entry* e = find(uid);
        if (e == nullptr || e->parsed.seen_by_reader) {
            continue;
        }
        StatusValues v = status_of(*e);
        v.seen_by_reader = true;
        if (!needs_write_) {
            auto done = write_in_place(static_cast<std::size_t>(e - entries_.data()), v);
            if (!done) {
                return done.error();
            }
            if (*done) {
                continue;
            }
        }
        left.push_back(uid);
    }
    if (left.empty()) {
        if (save_pending_) {
            settle();  // the first SELECT after new mail ends here: its parse is saved
        }
        return {};
    }
    std::sort(left.begin(), left.end());
    return rewrite([&](std::uint32_t uid, StatusValues& v) {
        if (std::binary_search(left.begin(), left.end(), uid)) {
            v.seen_by_reader = true;
        }
        return true;
    });
}

Result<std::uint32_t> MboxMailbox::save_message(const AppendRequest& request,
                                                std::uint64_t keywords)
{
    auto scope = lock_file(true, true);
    if (!scope) {
        return scope.error();
    }
    if (!*scope) {
        return storage_error(StorageError::NotFound, "mbox " + paths_.file + " vanished");
    }
    auto id = fd_identity();
    if (!id) {
        return id.error();
    }
    // A delivery into a mailbox nobody synced (the LDA) needs only X-IMAPbase at the start
    // of the file; anything else (no X-IMAPbase yet) parses the whole file once.
    bool known = false;
    if (!loaded_ && options().save_only && id->size > 0) {
        std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(id->size, 65536)), '\0');
        const ssize_t n = ::pread(fd_.get(), head.data(), head.size(), 0);
        if (n > 0) {
            head.resize(static_cast<std::size_t>(n));
            ParsedMbox parsed = parse_mbox(head);
            if (parsed.base && !parsed.messages.empty() &&
                parsed.base->last_uid_offset + 10 < head.size()) {
                base_ = parsed.base;
                last_uid_ = parsed.base->last_uid;
                uidvalidity_hint_ = base_->uidvalidity;
                known = true;
            }
        }
    }
    if (!known) {
        auto loaded = load(false);
        if (!loaded) {
            return loaded.error();
        }
        if (needs_write_ && id->size > 0) {
            auto written = rewrite([](std::uint32_t, StatusValues&) { return true; });
            if (!written) {
                return written.error();
            }
        }
    }
    id = fd_identity();
    if (!id) {
        return id.error();
    }
    const bool empty = id->size == 0;
    const bool parse_current = loaded_ && !known && !empty && identity_ == *id;
    if (!empty && !known && !base_ && entries_.empty()) {
        return storage_error(StorageError::Corrupted,
                             paths_.file + " is not an mbox (no From_ line); refusing to append");
    }
    std::uint32_t last = std::max(last_uid_, max_uid_seen_);
    if (empty) {
        base_.reset();
    }
    if (last == UINT32_MAX) {
        return storage_error(StorageError::NotPossible, "mailbox " + name() + " ran out of UIDs");
    }
    const std::uint32_t uid = std::max(last + 1, request.uid.value_or(0));
    if (empty && request.uidvalidity) {
        uidvalidity_hint_ = *request.uidvalidity;
    }
    if (!empty) {
        if (!base_ || base_->last_uid_width < 10) {
            // A narrow last-UID field (written by another program) cannot grow in place.
            auto written = rewrite([](std::uint32_t, StatusValues&) { return true; });
            if (!written) {
                return written.error();
            }
            id = fd_identity();  // the new file: the message goes after its end
            if (!id) {
                return id.error();
            }
        }
        if (!base_) {
            return storage_error(StorageError::Corrupted,
                                 "mbox " + paths_.file + " has no X-IMAPbase after a rewrite");
        }
        // Raise the last UID first: a kill after this costs an unused UID, never a reused one.
        char digits[16];
        std::snprintf(digits, sizeof digits, "%0*u", static_cast<int>(base_->last_uid_width), uid);
        if (parse_current) {
            track_write(base_->last_uid_offset, digits);
        } else {
            sums_valid_ = false;
        }
        auto bumped =
            write_all(fd_.get(), digits, static_cast<off_t>(base_->last_uid_offset), paths_.file);
        if (!bumped) {
            sums_valid_ = false;
            return bumped.error();
        }
        if (mbox_options_.fsync && ::fdatasync(fd_.get()) < 0) {
            return storage_errno_error("fdatasync(" + paths_.file + ")");
        }
        base_->last_uid = uid;
    }
    last_uid_ = uid;
    max_uid_seen_ = std::max(max_uid_seen_, uid);

    // The message: status headers others put in are dropped, "From " lines quoted.
    std::string text = escape_from_lines(strip_status_headers(request.data));
    std::size_t header_end = 0;
    if (!text.starts_with("\n") && !text.starts_with("\r\n")) {
        const auto blank = text.find("\n\n");
        const auto blank_crlf = text.find("\n\r\n");
        header_end = std::min(blank, blank_crlf);
        header_end = header_end == std::string::npos ? text.size() : header_end + 1;
    }
    StatusValues v;
    v.uid = uid;
    v.flags = request.flags.storable();
    v.keywords = names_of(keywords);
    std::string status;
    if (empty) {
        MboxBase base;
        base.uidvalidity = uidvalidity_hint_;
        base.last_uid = uid;
        base.keywords = keywords_;
        status = render_imap_base(base);
    }
    status += *render_status_block(v, std::nullopt);
    if (header_end == text.size()) {
        status += '\n';  // a message without body still needs the empty line
    }
    text.insert(header_end, status);
    const std::int64_t date = request.internal_date.value_or(std::time(nullptr));
    std::string record;
    if (!empty) {
        char last_byte = '\n';
        if (::pread(fd_.get(), &last_byte, 1, static_cast<off_t>(id->size - 1)) == 1 &&
            last_byte != '\n') {
            record += '\n';
        }
    }
    record += make_from_line("MAILER-DAEMON", date);
    record += '\n';
    record += text;
    record += '\n';
    const off_t start = static_cast<off_t>(id->size);
    if (!parse_current || record.front() == '\n') {
        sums_valid_ = false;  // adopt_appended() takes the record into the sums
    }
    auto written = write_all(fd_.get(), record, start, paths_.file);
    if (written && mbox_options_.fsync && ::fdatasync(fd_.get()) < 0) {
        written = storage_errno_error("fdatasync(" + paths_.file + ")");
    }
    if (!written) {
        // No half message may stay behind.
        (void)!::ftruncate(fd_.get(), start);
        sums_valid_ = false;
        return written.error();
    }
    if (parse_current && record.front() != '\n') {
        auto after = fd_identity();
        if (after) {
            adopt_appended(record, static_cast<std::size_t>(start), uid, keywords, *after);
        } else {
            loaded_ = false;
        }
    }
    known_uidvalidity(uidvalidity_hint_);
    return uid;
}

}  // namespace roost::storage::mbox
