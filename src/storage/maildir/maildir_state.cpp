// MaildirMailbox: roost-maildir-state, the snapshot of a full listing that lets the next
// process open a mailbox at rest without listing new/ and cur/ or reading dovecot-uidlist.
//
// A snapshot is trusted only when every stamp it recorded still holds: cur/ and new/ (inode,
// mtime, ...), dovecot-uidlist (inode, size, mtime, ctime) and dovecot-keywords. Every change
// another program makes shows in one of them: a delivery (Postfix, roost-lda) links into new/,
// a flag change (mutt) renames within cur/ or from new/ to cur/, an expunge unlinks, Dovecot
// appends to or replaces the uidlist. And only when both directories were already more than a
// second older than the listing (ListingStamp::racy(), Dovecot's rule): a change made in the
// same timestamp tick as the listing may leave the mtime as it was.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <initializer_list>
#include <memory>
#include <vector>

#include "core/unique_fd.hpp"
#include "storage/file_util.hpp"
#include "storage/maildir/maildir_mailbox.hpp"
#include "storage/maildir/maildir_state_file.hpp"

namespace roost::storage::maildir {
namespace {

constexpr const char* kStateFile = "/roost-maildir-state";
// 4 GB of names and records is no mailbox: such a file is not read.
constexpr off_t kMaxStateSize = off_t{1} << 32;

// A whole file in a buffer that is not zeroed first (read_file()'s std::string is: for a
// 100k-message snapshot of ~11 MB that alone cost a quarter of the open).
struct FileBytes {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
    std::string_view view() const { return {data.get(), size}; }
};

std::optional<FileBytes> read_bytes(const std::string& path)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) < 0 || st.st_size <= 0 || st.st_size > kMaxStateSize) {
        return std::nullopt;
    }
    FileBytes b;
    b.size = static_cast<std::size_t>(st.st_size);
    b.data = std::make_unique_for_overwrite<char[]>(b.size);
    std::size_t done = 0;
    while (done < b.size) {
        const ssize_t n =
            ::pread(fd.get(), b.data.get() + done, b.size - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return std::nullopt;  // shorter than its stat(): not a snapshot we wrote
        }
        done += static_cast<std::size_t>(n);
    }
    return b;
}

std::optional<FileStamp> stat_stamp(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) {
        return std::nullopt;
    }
    return file_stamp(st);
}

std::int64_t now_ns()
{
    struct timespec ts {};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Replaces `path` atomically with `parts` one after another (no fsync: a snapshot lost or torn
// by a crash is ignored, its checksum failing, and the mailbox listed again).
bool write_atomic(const std::string& path, std::initializer_list<std::string_view> parts,
                  mode_t mode)
{
    const std::string tmp = temp_path_for(path);
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!fd) {
        return false;
    }
    for (std::string_view part : parts) {
        while (!part.empty()) {
            const ssize_t n = ::write(fd.get(), part.data(), part.size());
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                ::unlink(tmp.c_str());
                return false;
            }
            part.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    fd.reset();
    if (::rename(tmp.c_str(), path.c_str()) < 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

ListingStamp listing_stamp_of(const MaildirStateHeader& s)
{
    ListingStamp stamp;
    stamp.stable = true;
    if (s.has_new) {
        stamp.new_mtime = s.new_dir.mtime_ns;
    }
    stamp.cur_mtime = s.cur.mtime_ns;
    stamp.listed_at = s.listed_at;
    return stamp;
}

// Whether the optional stamp `now` is the recorded one (`had`: it existed then).
bool same(const std::optional<FileStamp>& now, bool had, const FileStamp& then)
{
    return now ? had && *now == then : !had;
}

}  // namespace

void MaildirMailbox::index_known()
{
    if (!by_base_pending_) {
        return;
    }
    by_base_pending_ = false;
    known_by_base_.reset(known_.size());
    for (std::uint32_t i = 0; i < known_.size(); ++i) {
        known_by_base_.insert(i, [this](std::uint32_t p) -> std::string_view {
            const KnownFile& k = known_[p];
            return {names_.data() + k.name_offset, k.base_length};
        });
    }
}

MaildirMailbox::StateUse MaildirMailbox::restore_state()
{
    if (paths_.index.empty() || !known_.empty()) {
        return StateUse::None;
    }
    // The stamps are taken before the snapshot is read: a change after this point shows at
    // the next sync, as one during a listing would.
    const auto cur = stat_stamp(paths_.mail + "/cur");
    const auto new_dir = stat_stamp(paths_.mail + "/new");
    const auto uidlist = stat_stamp(uidlist_.path());
    const auto keywords = stat_stamp(paths_.control + "/dovecot-keywords");
    const auto data = read_bytes(paths_.index + kStateFile);
    if (!data || !cur) {
        return StateUse::None;
    }
    auto parsed = parse_maildir_state(data->view());
    if (!parsed) {
        return StateUse::None;  // damaged or foreign: the next full listing replaces it
    }
    MaildirStateView& s = *parsed;
    const ListingStamp stamp = listing_stamp_of(s);
    bool trusted = *cur == s.cur && same(new_dir, s.has_new, s.new_dir) &&
                   same(uidlist, true, s.uidlist) && same(keywords, s.has_keywords, s.keywords) &&
                   s.written_at >= s.listed_at && !stamp.racy();
    if (trusted) {
        trusted = uidlist_.adopt_unread(s.uidlist, s.uidvalidity, s.next_uid, s.guid);
    }

    const std::size_t count = s.file_count();
    known_.clear();
    known_.reserve(count);
    pending_.clear();
    pending_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const StateFile f = s.file(i);
        KnownFile k;
        k.uid = f.uid;
        k.name_offset = f.name_offset;
        k.name_length = f.name_length;
        k.base_length = f.base_length;
        k.keywords = f.keywords;
        k.flags = Flags::from_bits(f.flags).storable().bits();
        k.in_new = f.in_new != 0;
        known_.push_back(k);
        FileDetails d;
        d.uid = f.uid;
        d.size = f.size;
        if (f.has_vsize != 0) {
            d.vsize = f.vsize;
        }
        d.mtime = f.mtime;
        pending_.push_back(d);
    }
    names_.assign(s.names());
    known_by_base_.release();
    by_base_pending_ = true;
    if (!trusted) {
        // The listing reads only the files the snapshot does not know. Their UIDs stand while
        // the uidlist is the one the snapshot was made from (it is then not even read unless
        // a file is new); otherwise the listing checks each against the uidlist (a record may
        // have been renumbered).
        known_complete_ = false;
        const bool uidlist_same =
            same(uidlist, true, s.uidlist) &&
            uidlist_.adopt_unread(s.uidlist, s.uidvalidity, s.next_uid, s.guid);
        seen_uidlist_generation_ = uidlist_same ? uidlist_.generation() : UINT64_MAX;
        return StateUse::Seeded;
    }
    released_ = false;
    released_complete_ = false;
    known_complete_ = true;
    stamp_ = stamp;
    seen_uidlist_changes_ = uidlist_.changes();
    seen_uidlist_generation_ = uidlist_.generation();
    return StateUse::Trusted;
}

void MaildirMailbox::save_state(const index::DiskState& state) const
{
    if (paths_.index.empty() || !known_complete_ || !stamp_.stable || stamp_.listed_at == 0 ||
        view_stale_) {
        return;
    }
    const auto uidlist = uidlist_.held_stamp();
    if (!uidlist) {
        return;  // partly read, or appended to since: its records may not be ours
    }
    MaildirStateHeader s;
    s.listed_at = stamp_.listed_at;
    s.uidlist = *uidlist;
    s.uidvalidity = uidlist_.header().uidvalidity;
    s.next_uid = uidlist_.header().next_uid;
    s.guid = uidlist_.header().guid;
    // The directories must still be what the listing saw (the mtimes match), so that their
    // inodes and other fields stamp that listing.
    const auto cur = stat_stamp(paths_.mail + "/cur");
    const auto new_dir = stat_stamp(paths_.mail + "/new");
    if (!cur || cur->mtime_ns != stamp_.cur_mtime ||
        (new_dir ? new_dir->mtime_ns != stamp_.new_mtime : stamp_.new_mtime.has_value())) {
        return;
    }
    s.cur = *cur;
    s.has_new = new_dir.has_value();
    s.new_dir = new_dir.value_or(FileStamp{});
    // ... and dovecot-keywords what refresh_keywords() read.
    const auto keywords = stat_stamp(paths_.control + "/dovecot-keywords");
    if (keywords.has_value() != keywords_key_.has_value() ||
        (keywords &&
         (keywords->ino != keywords_key_->first || keywords->mtime_ns != keywords_key_->second))) {
        return;
    }
    s.has_keywords = keywords.has_value();
    s.keywords = keywords.value_or(FileStamp{});
    std::vector<StateFile> files;
    files.reserve(state.messages.size());
    std::size_t m = 0;
    for (const KnownFile& k : known_) {
        if (k.gone) {
            continue;
        }
        if (m >= state.messages.size() || state.messages[m].uid != k.uid) {
            return;  // not the state of these files (cannot happen): write nothing
        }
        const index::DiskMessage& msg = state.messages[m++];
        StateFile f;
        f.uid = k.uid;
        f.name_offset = k.name_offset;
        f.name_length = k.name_length;
        f.base_length = k.base_length;
        f.keywords = k.keywords;
        f.flags = k.flags;
        f.in_new = k.in_new ? 1 : 0;
        f.size = msg.size;
        f.has_vsize = msg.vsize ? 1 : 0;
        f.vsize = msg.vsize.value_or(0);
        f.mtime = msg.internal_date;
        files.push_back(f);
    }
    if (m != state.messages.size()) {
        return;
    }
    s.written_at = now_ns();
    const StatePieces pieces = serialize_maildir_state(s, files, names_);
    (void)write_atomic(
        paths_.index + kStateFile,
        {pieces.head,
         {reinterpret_cast<const char*>(files.data()), files.size() * sizeof(StateFile)},
         names_,
         pieces.tail},
        file_mode_for_directory(paths_.index));
}

}  // namespace roost::storage::maildir
