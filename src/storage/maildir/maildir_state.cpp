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
#include <sys/stat.h>

#include <ctime>

#include "storage/file_util.hpp"
#include "storage/maildir/maildir_mailbox.hpp"
#include "storage/maildir/maildir_state_file.hpp"

namespace roost::storage::maildir {
namespace {

constexpr const char* kStateFile = "/roost-maildir-state";

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

ListingStamp listing_stamp_of(const MaildirState& s)
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
    auto data = read_file(paths_.index + kStateFile);
    if (!data || !cur) {
        return StateUse::None;
    }
    auto parsed = parse_maildir_state(*data);
    std::string().swap(*data);
    if (!parsed) {
        return StateUse::None;  // damaged or foreign: the next full listing replaces it
    }
    MaildirState& s = *parsed;
    const ListingStamp stamp = listing_stamp_of(s);
    bool trusted = *cur == s.cur && same(new_dir, s.has_new, s.new_dir) &&
                   same(uidlist, true, s.uidlist) && same(keywords, s.has_keywords, s.keywords) &&
                   s.written_at >= s.listed_at && !stamp.racy();
    if (trusted) {
        trusted = uidlist_.adopt_unread(s.uidlist, s.uidvalidity, s.next_uid, std::move(s.guid));
    }

    known_.clear();
    known_.reserve(s.files.size());
    pending_.clear();
    pending_.reserve(s.files.size());
    for (const StateFile& f : s.files) {
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
    names_ = std::move(s.names);
    known_by_base_.reset(known_.size());
    for (std::uint32_t i = 0; i < known_.size(); ++i) {
        known_by_base_.insert(i, [this](std::uint32_t p) -> std::string_view {
            const KnownFile& k = known_[p];
            return {names_.data() + k.name_offset, k.base_length};
        });
    }
    if (!trusted) {
        // The listing reads only the files the snapshot does not know. Their UIDs stand while
        // the uidlist is the one the snapshot was made from (it is then not even read unless
        // a file is new); otherwise the listing checks each against the uidlist (a record may
        // have been renumbered).
        known_complete_ = false;
        const bool uidlist_same =
            same(uidlist, true, s.uidlist) &&
            uidlist_.adopt_unread(s.uidlist, s.uidvalidity, s.next_uid, std::move(s.guid));
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
    MaildirState s;
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
        (keywords && (keywords->ino != keywords_key_->first ||
                      keywords->mtime_ns != keywords_key_->second))) {
        return;
    }
    s.has_keywords = keywords.has_value();
    s.keywords = keywords.value_or(FileStamp{});
    s.files.reserve(state.messages.size());
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
        s.files.push_back(f);
    }
    if (m != state.messages.size()) {
        return;
    }
    s.names = names_;
    s.written_at = now_ns();
    // No fsync: a snapshot lost or torn by a crash is ignored (checksum) and listed again.
    (void)write_file_atomic(paths_.index + kStateFile, serialize_maildir_state(s),
                            file_mode_for_directory(paths_.index), false);
}

}  // namespace roost::storage::maildir
