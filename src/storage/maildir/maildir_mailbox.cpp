// MaildirMailbox: opening, scanning with UID assignment, locking and finding files.
#include "storage/maildir/maildir_mailbox.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <iterator>

#include "core/log.hpp"
#include "core/strings.hpp"
#include "storage/file_util.hpp"
#include "storage/maildir/keywords_file.hpp"
#include "storage/maildir/maildir_filename.hpp"
#include "storage/maildir/uidvalidity.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

std::string random_guid()
{
    unsigned char bytes[16] = {};
    if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
        // No entropy source: a time-and-pid value is still unique enough for a mailbox GUID.
        const auto seed = static_cast<std::uint64_t>(std::time(nullptr)) ^
                          (static_cast<std::uint64_t>(::getpid()) << 32) ^ next_unique_counter();
        for (int i = 0; i < 16; ++i) {
            bytes[i] = static_cast<unsigned char>(seed >> ((i % 8) * 8));
        }
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

}  // namespace

MaildirMailbox::MaildirMailbox(std::string name, MaildirPaths paths, const OpenOptions& options,
                               const MaildirOptions& maildir_options)
    : IndexMailbox(std::move(name), options,
                   paths.index.empty() ? std::string() : paths.index + "/roost-index"),
      paths_(std::move(paths)),
      maildir_options_(maildir_options),
      uidlist_(paths_.control + "/dovecot-uidlist")
{
}

Result<std::unique_ptr<MaildirMailbox>> MaildirMailbox::open(std::string name, MaildirPaths paths,
                                                             const OpenOptions& options,
                                                             const MaildirOptions& maildir_options)
{
    std::unique_ptr<MaildirMailbox> box(
        new MaildirMailbox(std::move(name), std::move(paths), options, maildir_options));
    if (!is_directory(box->paths_.mail + "/cur")) {
        return storage_error(StorageError::NotFound, "mailbox " + box->name() + " does not exist");
    }
    if (!options.save_only) {
        auto synced = box->sync();
        if (!synced) {
            return synced.error();
        }
    }
    return box;
}

Result<Dotlock> MaildirMailbox::lock_uidlist()
{
    auto made = ensure_directories(paths_.control, directory_mode(paths_.mail));
    if (!made) {
        return made.error();
    }
    return Dotlock::acquire(paths_.control + "/dovecot-uidlist.lock", maildir_options_.locks);
}

Result<Uidlist> MaildirMailbox::new_uidlist()
{
    auto uidvalidity = next_uidvalidity(paths_.uidvalidity_dir, maildir_options_.fsync);
    if (!uidvalidity) {
        return uidvalidity.error();
    }
    Uidlist list;
    list.uidvalidity = *uidvalidity;
    list.next_uid = 1;
    list.guid = random_guid();
    return list;
}

Result<void> MaildirMailbox::assign_uids(const DirListing& listing,
                                         const std::vector<std::uint32_t>& drop)
{
    auto lock = lock_uidlist();
    if (!lock) {
        return lock.error();
    }
    auto refreshed = uidlist_.refresh();
    if (!refreshed) {
        return refreshed;
    }
    const bool rebuild = !uidlist_.present() || uidlist_.corrupted();
    if (uidlist_.corrupted()) {
        log::error(uidlist_.path(), ": unreadable, giving every message a new UID");
    }
    std::vector<std::string_view> unknown;
    for (const DirListing::Entry& e : listing.entries) {
        const std::string_view base = maildir_base(listing.name(e));
        if (rebuild || !uidlist_.uid_of(base)) {
            unknown.push_back(base);
        }
    }
    // New files get UIDs in delivery order, as their names tell it. A file listed in new/ and
    // in cur/ (moved during the listing) is one file.
    std::sort(unknown.begin(), unknown.end(), [](std::string_view a, std::string_view b) {
        const auto oa = delivery_order(a);
        const auto ob = delivery_order(b);
        return oa != ob ? oa < ob : a < b;
    });
    unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
    const auto dropped = [&](const UidlistRecord& r) {
        return std::binary_search(drop.begin(), drop.end(), r.uid);
    };
    bool dropping = false;
    for (std::size_t i = 0; !rebuild && !dropping && i < uidlist_.record_count(); ++i) {
        dropping = std::binary_search(drop.begin(), drop.end(), uidlist_.record_uid(i));
    }
    Uidlist list;
    if (rebuild) {
        auto fresh = new_uidlist();
        if (!fresh) {
            return fresh.error();
        }
        list = std::move(fresh.value());
    } else if (unknown.empty() && !dropping) {
        return lock->release();
    }
    std::uint32_t next = rebuild ? list.next_uid : uidlist_.header().next_uid;
    std::vector<UidlistRecord> added;
    for (const std::string_view base : unknown) {
        if (next == UINT32_MAX) {
            return storage_error(StorageError::NotPossible,
                                 "mailbox " + name() + " ran out of UIDs");
        }
        added.push_back({next++, "", std::string(base)});
    }
    Result<void> written;
    if (!rebuild && !dropping && uidlist_.can_append()) {
        written = uidlist_.append(added, maildir_options_.fsync);
    } else {
        if (!rebuild) {
            auto full = uidlist_.full_list();
            if (!full) {
                return full.error();
            }
            list = std::move(full.value());
            std::erase_if(list.records, dropped);
        }
        list.records.insert(list.records.end(), added.begin(), added.end());
        list.next_uid = std::max(list.next_uid, next);
        written = uidlist_.write(std::move(list), file_mode_for_directory(paths_.control),
                                 maildir_options_.fsync);
    }
    if (!written) {
        return written;
    }
    if (rebuild || dropping) {
        known_gone_.clear();  // no record of a gone file is left (or they were all renumbered)
    }
    return lock->release();
}

MaildirMailbox::Resolved MaildirMailbox::resolve(const DirListing& listing,
                                                 bool validate_uids) const
{
    Resolved out;
    out.unknown = !uidlist_.present() || uidlist_.corrupted();
    out.files.reserve(listing.entries.size());
    out.names.reserve(listing.names.size());
    out.by_base.reset(listing.entries.size());
    const auto base_in_out = [&out](std::uint32_t i) -> std::string_view {
        const KnownFile& f = out.files[i];
        return {out.names.data() + f.name_offset, f.base_length};
    };
    const auto base_in_known = [this](std::uint32_t i) -> std::string_view {
        const KnownFile& f = known_[i];
        return {names_.data() + f.name_offset, f.base_length};
    };
    const auto set_name = [&out](KnownFile& f, std::string_view name, std::size_t base_length,
                                 bool in_new) {
        f.name_offset = static_cast<std::uint32_t>(out.names.size());
        f.name_length = static_cast<std::uint16_t>(name.size());
        f.base_length = static_cast<std::uint16_t>(base_length);
        f.in_new = in_new;
        out.names += name;
    };
    const auto set_flags = [](KnownFile& f, const MaildirName& parsed) {
        f.flags = parsed.flags.storable().bits();
        f.keywords = parsed.keywords;
    };
    // Files not seen before are stat()ed relative to their directory: one name to look up,
    // not the whole path (a first sync of a large mailbox stats every file).
    UniqueFd new_dir;
    UniqueFd cur_dir;
    std::string name_z;
    const bool view_details = view_matches_uidlist();
    for (const DirListing::Entry& e : listing.entries) {
        const std::string_view name = listing.name(e);
        const std::string_view base = maildir_base(name);
        const std::size_t base_hash = NameTable::hash(base);
        if (const auto dup = out.by_base.find(base, base_hash, base_in_out)) {
            // Listed in new/ and again in cur/ (moved during the listing): cur/ wins.
            if (!e.in_new) {
                KnownFile& f = out.files[*dup];
                set_name(f, name, base.size(), false);
                set_flags(f, parse_maildir_name(name));
            }
            continue;
        }
        KnownFile f;
        bool unchanged = false;
        bool first_read = true;
        if (const auto old = known_by_base_.find(base, base_hash, base_in_known)) {
            f = known_[*old];
            f.gone = false;  // unlinked by us, yet listed: the next listing decides
            unchanged = name_of(f) == name && f.in_new == e.in_new;
            first_read = false;
            if (validate_uids) {
                // The uidlist was read whole again: a record may have been renumbered.
                const auto uid = uidlist_.uid_of(base);
                if (!uid) {
                    out.unknown = true;
                    continue;
                }
                // Renumbered: what the view holds under its old UID belongs to that UID.
                first_read = *uid != f.uid;
                f.uid = *uid;
            }
        } else {
            const auto uid = uidlist_.uid_of(base);
            if (!uid) {
                out.unknown = true;  // delivered after our lock: the next sync takes it in
                continue;
            }
            f.uid = *uid;
            // After release_caches(): the view still has the size and date of a file it holds.
            first_read = !view_details || !seq_of_uid(f.uid);
        }
        if (first_read) {
            UniqueFd& dir = e.in_new ? new_dir : cur_dir;
            if (!dir) {
                const std::string path = paths_.mail + (e.in_new ? "/new" : "/cur");
                dir.reset(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            }
            name_z.assign(name);
            struct stat st {};
            if (!dir || ::fstatat(dir.get(), name_z.c_str(), &st, 0) < 0) {
                out.vanished = true;  // renamed or expunged since the listing
                continue;
            }
            const MaildirName parsed = parse_maildir_name(name);
            const auto size = parsed.size.value_or(static_cast<std::uint64_t>(st.st_size));
            out.details.push_back(
                {f.uid, size, parsed.vsize, static_cast<std::int64_t>(st.st_mtime)});
            unchanged = false;
        }
        set_name(f, name, base.size(), e.in_new);
        if (!unchanged) {
            set_flags(f, parse_maildir_name(name));
        }
        const auto pos = static_cast<std::uint32_t>(out.files.size());
        out.files.push_back(f);
        out.by_base.insert(pos, base_hash, base_in_out);
    }
    // UID order, so that no second index by UID is needed; the base index follows.
    const auto by_uid = [](const auto& a, const auto& b) { return a.uid < b.uid; };
    if (!std::is_sorted(out.files.begin(), out.files.end(), by_uid)) {
        std::sort(out.files.begin(), out.files.end(), by_uid);
        out.by_base.reset(out.files.size());
        for (std::uint32_t i = 0; i < out.files.size(); ++i) {
            out.by_base.insert(i, base_in_out);
        }
    }
    std::sort(out.details.begin(), out.details.end(), by_uid);
    return out;
}

std::vector<std::uint32_t> MaildirMailbox::newly_gone(const std::vector<KnownFile>& files) const
{
    std::vector<std::uint32_t> gone;
    std::size_t k = 0;
    for (std::size_t i = 0; i < uidlist_.record_count(); ++i) {
        const std::uint32_t uid = uidlist_.record_uid(i);
        while (k < files.size() && files[k].uid < uid) {
            ++k;
        }
        if (k < files.size() && files[k].uid == uid && !files[k].gone) {
            continue;
        }
        if (!std::binary_search(known_gone_.begin(), known_gone_.end(), uid)) {
            gone.push_back(uid);
        }
    }
    return gone;
}

index::DiskState MaildirMailbox::adopt(Resolved resolved)
{
    released_ = false;
    released_complete_ = false;
    known_ = std::move(resolved.files);
    known_by_base_ = std::move(resolved.by_base);
    by_base_pending_ = false;
    names_ = std::move(resolved.names);
    // Details of files added by us and not taken in yet stay; fresh ones win over them.
    const auto before = [](const FileDetails& a, const FileDetails& b) { return a.uid < b.uid; };
    const auto same = [](const FileDetails& a, const FileDetails& b) { return a.uid == b.uid; };
    std::vector<FileDetails> merged;
    merged.reserve(pending_.size() + resolved.details.size());
    std::merge(resolved.details.begin(), resolved.details.end(), pending_.begin(), pending_.end(),
               std::back_inserter(merged), before);
    merged.erase(std::unique(merged.begin(), merged.end(), same), merged.end());
    pending_ = std::move(merged);
    return disk_state();
}

index::DiskState MaildirMailbox::disk_state()
{
    index::DiskState state;
    state.uidvalidity = uidlist_.header().uidvalidity;
    state.uidnext = uidlist_.header().next_uid;
    state.messages.reserve(known_.size());
    const std::uint32_t in_view = view_matches_uidlist() ? count() : 0;
    std::size_t p = 0;
    std::uint32_t seq = 1;
    for (const KnownFile& f : known_) {
        if (f.gone) {
            continue;
        }
        index::DiskMessage m;
        m.uid = f.uid;
        m.flags = Flags::from_bits(f.flags);
        m.keywords = f.keywords;
        m.is_new = f.in_new;
        while (p < pending_.size() && pending_[p].uid < f.uid) {
            ++p;
        }
        while (seq <= in_view && message(seq).uid < f.uid) {
            ++seq;
        }
        if (p < pending_.size() && pending_[p].uid == f.uid) {
            m.size = pending_[p].size;
            m.vsize = pending_[p].vsize;
            m.internal_date = pending_[p].mtime;
        } else if (seq <= in_view && message(seq).uid == f.uid) {
            const MessageInfo& info = message(seq);
            m.size = info.size;
            m.vsize = info.vsize();
            m.internal_date = info.internal_date;
        } else {
            // Neither knows it (a file we had unlinked listed again): read it now. Gone
            // meanwhile, it leaves the view at the next sync.
            struct stat st {};
            const std::string path = file_path(f);
            if (::stat(path.c_str(), &st) == 0) {
                const MaildirName parsed = parse_maildir_name(name_of(f));
                m.size = parsed.size.value_or(static_cast<std::uint64_t>(st.st_size));
                m.vsize = parsed.vsize;
                m.internal_date = static_cast<std::int64_t>(st.st_mtime);
            } else {
                view_stale_ = true;
            }
        }
        state.messages.push_back(m);
    }
    std::vector<FileDetails>().swap(pending_);  // the view takes them in
    return state;
}

void MaildirMailbox::release_caches()
{
    IndexMailbox::release_caches();
    if (options().save_only || released_) {
        return;  // nothing to free (or already freed: what released_complete_ says holds)
    }
    released_complete_ = known_complete_ && !view_stale_ &&
                         uidlist_.changes() == seen_uidlist_changes_ &&
                         uidlist_.generation() == seen_uidlist_generation_;
    uidlist_.release();
    std::vector<KnownFile>().swap(known_);
    std::string().swap(names_);
    known_by_base_.release();
    by_base_pending_ = false;
    std::vector<FileDetails>().swap(pending_);
    known_complete_ = false;  // the next sync lists the directories
    released_ = true;
}

Result<void> MaildirMailbox::ensure_known()
{
    if (!released_) {
        return {};
    }
    released_complete_ = false;  // read them back even when nothing changed
    auto state = read_disk_state();
    if (!state) {
        return state.error();
    }
    // The view takes the state in only at the next sync: keep what it lacks until then.
    for (const index::DiskMessage& m : state->messages) {
        if (!seq_of_uid(m.uid)) {
            pending_.push_back({m.uid, m.size, m.vsize, m.internal_date});
        }
    }
    view_stale_ = true;
    return {};
}

Result<index::DiskState> MaildirMailbox::read_disk_state()
{
    if (!tmp_cleaned_ && !options().read_only) {
        // Leftovers of killed processes: half-written deliveries and control file rewrites.
        clean_maildir_tmp(paths_.mail);
        remove_stale_temp_files(paths_.control);
        if (!paths_.index.empty() && paths_.index != paths_.control) {
            remove_stale_temp_files(paths_.index);
        }
        // A lock a killed writer left behind: broken at once when its holder is dead (a live
        // holder keeps it: the zero timeout gives up at once).
        const std::string lock_path = paths_.control + "/dovecot-uidlist.lock";
        if (::access(lock_path.c_str(), F_OK) == 0) {
            LockSettings quick = maildir_options_.locks;
            quick.timeout = std::chrono::milliseconds(0);
            auto lock = Dotlock::acquire(lock_path, quick);
            if (lock) {
                (void)lock->release();
            }
        }
        tmp_cleaned_ = true;
    }
    const std::size_t keywords_before = keywords_.size();
    auto kw = refresh_keywords(false);
    if (!kw) {
        return kw.error();
    }
    if (released_ && released_complete_ && keywords_.size() == keywords_before &&
        uidlist_.unchanged_on_disk() && listing_still_current(paths_.mail, stamp_)) {
        // Released while idle and nothing changed since: the view is still right, and nothing
        // needs reading back (a periodic check of an idle session stays cheap).
        index::DiskState same;
        same.uidvalidity = uidlist_.header().uidvalidity;
        same.uidnext = uidlist_.header().next_uid;
        same.unchanged = true;
        return same;
    }
    if (known_.empty() && !known_complete_ && restore_state() == StateUse::Trusted) {
        // A new process (or an idle one that freed its files) and a mailbox at rest since the
        // last full listing: no listing, no uidlist read.
        view_stale_ = false;
        last_read_from_state_ = true;
        return disk_state();
    }
    const auto nothing_changed = [&]() -> index::DiskState {
        // Nothing changed since the last pass but what we did ourselves.
        if (!view_stale_ && keywords_.size() == keywords_before) {
            index::DiskState same;
            same.uidvalidity = uidlist_.header().uidvalidity;
            same.uidnext = uidlist_.header().next_uid;
            same.unchanged = true;
            return same;
        }
        view_stale_ = false;
        return disk_state();
    };
    // Unchanged uidlist and directories: the uidlist needs no refresh (which would read its
    // records back when they are not held, as after restore_state()).
    if (known_complete_ && uidlist_.changes() == seen_uidlist_changes_ &&
        uidlist_.unchanged_on_disk() && listing_still_current(paths_.mail, stamp_)) {
        return nothing_changed();
    }
    for (int attempt = 0;; ++attempt) {
        // The uidlist is read before the directories: a record it holds whose file the listing
        // does not find was expunged (or renamed during the listing, hence the second look).
        // One held unread and unchanged (restore_state()) is read only if a file lacks a UID
        // (assign_uids() then reads it under the lock).
        if (!uidlist_.released() || !uidlist_.unchanged_on_disk()) {
            auto refreshed = uidlist_.refresh();
            if (!refreshed) {
                return refreshed.error();
            }
        }
        if (attempt == 0 && known_complete_ && uidlist_.changes() == seen_uidlist_changes_ &&
            listing_still_current(paths_.mail, stamp_)) {
            return nothing_changed();
        }
        auto listing = list_maildir(paths_.mail, known_.size(), names_.size());
        if (!listing) {
            return listing.error();
        }
        last_read_from_state_ = false;
        index_known();
        const bool validate = uidlist_.generation() != seen_uidlist_generation_;
        Resolved resolved = resolve(*listing, validate);
        if (resolved.unknown && uidlist_.released()) {
            // Files the snapshot did not know: whatever UIDs they have are in the records.
            auto refreshed = uidlist_.refresh();
            if (!refreshed) {
                return refreshed.error();
            }
            resolved = resolve(*listing, uidlist_.generation() != seen_uidlist_generation_);
        }
        std::vector<std::uint32_t> gone = newly_gone(resolved.files);
        // A file renamed while we listed may be missing from the listing: believe an absence
        // only when a second look agrees, unless nothing changed shortly before we looked.
        if (!gone.empty() && attempt == 0 && listing->stamp.racy()) {
            continue;
        }
        if (!listing->stamp.stable) {
            gone.clear();
        }
        known_gone_.insert(known_gone_.end(), gone.begin(), gone.end());
        std::sort(known_gone_.begin(), known_gone_.end());
        // Records of gone files are dropped once they are a quarter of the file (each rewrite
        // costs a whole new file), as Dovecot does.
        const std::size_t records = uidlist_.record_count();
        const bool compact =
            known_gone_.size() > 16 + records / 4 && !options().read_only && !uidlist_.released();
        if (resolved.unknown || compact) {
            auto assigned = assign_uids(*listing, compact ? known_gone_ : std::vector<std::uint32_t>{});
            if (!assigned) {
                // A reader without write access (a shared or read-only mailbox) still sees
                // every message that already has a UID.
                if (!options().read_only || !uidlist_.present() || uidlist_.corrupted()) {
                    return assigned.error();
                }
                log::warning("mailbox ", name(),
                             ": new files get UIDs later: ", assigned.error().message);
            } else if (resolved.unknown) {
                resolved = resolve(*listing, uidlist_.generation() != seen_uidlist_generation_);
            }
        }
        if (resolved.vanished && attempt < 3) {
            continue;
        }
        known_complete_ = !resolved.unknown && !resolved.vanished;
        stamp_ = listing->stamp;
        seen_uidlist_changes_ = uidlist_.changes();
        seen_uidlist_generation_ = uidlist_.generation();
        uidlist_.trim();
        view_stale_ = false;
        index::DiskState state = adopt(std::move(resolved));
        save_state(state);
        return state;
    }
}

const MaildirMailbox::KnownFile* MaildirMailbox::known(std::uint32_t uid) const
{
    const auto it = std::lower_bound(known_.begin(), known_.end(), uid,
                                     [](const KnownFile& f, std::uint32_t u) { return f.uid < u; });
    return it != known_.end() && it->uid == uid && !it->gone ? &*it : nullptr;
}

std::string MaildirMailbox::file_path(const KnownFile& f) const
{
    std::string path = paths_.mail + (f.in_new ? "/new/" : "/cur/");
    path += name_of(f);
    return path;
}

bool MaildirMailbox::add_name(std::string_view name)
{
    if (name.size() > UINT16_MAX || names_.size() > UINT32_MAX - name.size()) {
        return false;  // no file system allows such a name
    }
    if (names_.size() + name.size() > names_.capacity()) {
        // An eighth more, not twice as much: the buffer lives as long as the session.
        names_.reserve(names_.size() + name.size() + names_.size() / 8);
    }
    names_ += name;
    return true;
}

void MaildirMailbox::renamed(std::uint32_t uid, std::string_view name, bool in_new)
{
    auto* f = const_cast<KnownFile*>(known(uid));
    if (f == nullptr) {
        return;
    }
    const auto offset = static_cast<std::uint32_t>(names_.size());
    if (!add_name(name)) {
        return;
    }
    f->name_offset = offset;
    f->name_length = static_cast<std::uint16_t>(name.size());
    f->in_new = in_new;
    // The old name stays in names_ until the next pass packs it: known_by_base_ finds bases
    // through the entries, and a rename keeps the base.
    const MaildirName parsed = parse_maildir_name(name);
    f->flags = parsed.flags.storable().bits();
    f->keywords = parsed.keywords;
}

void MaildirMailbox::added(std::uint32_t uid, std::string_view name, bool in_new,
                           std::uint64_t size, std::int64_t mtime)
{
    const auto offset = static_cast<std::uint32_t>(names_.size());
    if ((!known_.empty() && known_.back().uid >= uid) || !add_name(name)) {
        known_complete_ = false;  // cannot be described: the next sync lists
        return;
    }
    index_known();
    const std::string_view base = maildir_base(name);
    const MaildirName parsed = parse_maildir_name(name);
    KnownFile f;
    f.uid = uid;
    f.name_offset = offset;
    f.name_length = static_cast<std::uint16_t>(name.size());
    f.base_length = static_cast<std::uint16_t>(base.size());
    f.in_new = in_new;
    f.flags = parsed.flags.storable().bits();
    f.keywords = parsed.keywords;
    pending_.push_back({uid, parsed.size.value_or(size), parsed.vsize, mtime});
    view_stale_ = true;  // the view takes the new message in at the next sync
    const auto pos = static_cast<std::uint32_t>(known_.size());
    if (known_.size() == known_.capacity()) {
        known_.reserve(known_.size() + known_.size() / 8 + 8);  // see add_name()
    }
    known_.push_back(f);
    known_by_base_.insert(pos, [this](std::uint32_t i) -> std::string_view {
        const KnownFile& k = known_[i];
        return {names_.data() + k.name_offset, k.base_length};
    });
}

void MaildirMailbox::removed(const std::vector<std::uint32_t>& uids)
{
    // The files stay in known_ (and known_by_base_) until the next listing: only their UIDs
    // leave the view.
    for (const std::uint32_t uid : uids) {
        if (auto* f = const_cast<KnownFile*>(known(uid))) {
            f->gone = true;
        }
    }
}

Result<bool> MaildirMailbox::relocate(std::uint32_t uid)
{
    const KnownFile* f = known(uid);
    if (f == nullptr) {
        return false;
    }
    const std::string base(name_of(*f).substr(0, f->base_length));
    auto listing = list_maildir(paths_.mail);
    if (!listing) {
        return listing.error();
    }
    bool found = false;
    view_stale_ = true;  // someone else renamed it: its flags may have changed
    for (const DirListing::Entry& e : listing->entries) {
        const std::string_view name = listing->name(e);
        if (maildir_base(name) == base && (!found || !e.in_new)) {
            renamed(uid, name, e.in_new);
            found = true;
        }
    }
    return found;
}

Result<MessageFile> MaildirMailbox::open_file(std::uint32_t uid)
{
    if (auto restored = ensure_known(); !restored) {
        return restored.error();
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        const KnownFile* f = known(uid);
        if (f == nullptr) {
            break;
        }
        const std::string path = file_path(*f);
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd) {
            struct stat st {};
            if (::fstat(fd.get(), &st) < 0) {
                return storage_errno_error("fstat(" + path + ")");
            }
            return MessageFile{std::move(fd), path, static_cast<std::uint64_t>(st.st_size)};
        }
        if (errno != ENOENT) {
            return storage_errno_error("open(" + path + ")");
        }
        auto moved = relocate(uid);
        if (!moved) {
            return moved.error();
        }
        if (!*moved) {
            break;
        }
    }
    return storage_error(StorageError::Expunged,
                         "message UID " + std::to_string(uid) + " was expunged");
}

Result<void> MaildirMailbox::refresh_keywords(bool force)
{
    const std::string path = paths_.control + "/dovecot-keywords";
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) {
        if (errno != ENOENT) {
            return storage_errno_error("stat(" + path + ")");
        }
        keywords_key_.reset();
        return {};  // keep what we knew: indexes never change meaning
    }
    const std::pair<ino_t, std::int64_t> key{
        st.st_ino, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
    if (!force && keywords_key_ == key) {
        return {};
    }
    auto data = read_file(path);
    if (!data) {
        return storage_code_of(data.error()) == StorageError::NotFound ? Result<void>()
                                                                       : data.error();
    }
    std::vector<std::string> table = parse_keywords_file(*data);
    // Names we already hold keep their index even if the file lost them.
    if (table.size() < keywords_.size()) {
        table.resize(keywords_.size());
    }
    for (std::size_t i = 0; i < keywords_.size(); ++i) {
        if (table[i].empty()) {
            table[i] = keywords_[i];
        }
    }
    keywords_ = std::move(table);
    keywords_key_ = key;
    return {};
}

Result<std::uint64_t> MaildirMailbox::keyword_bits(const std::vector<std::string>& names,
                                                   bool create)
{
    for (const std::string& name : names) {
        if (!is_valid_keyword(name)) {
            return storage_error(StorageError::BadName, "invalid keyword '" + name + "'");
        }
    }
    auto refreshed = refresh_keywords(false);
    if (!refreshed) {
        return refreshed.error();
    }
    const auto lookup = [this](const std::string& name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < keywords_.size(); ++i) {
            if (keywords_[i] == name) {
                return i;
            }
        }
        for (std::size_t i = 0; i < keywords_.size(); ++i) {
            if (!keywords_[i].empty() && iequals(keywords_[i], name)) {
                return i;
            }
        }
        return std::nullopt;
    };
    std::uint64_t bits = 0;
    std::vector<std::string> missing;
    for (const std::string& name : names) {
        if (const auto i = lookup(name)) {
            bits |= std::uint64_t{1} << *i;
        } else if (std::find(missing.begin(), missing.end(), name) == missing.end()) {
            missing.push_back(name);
        }
    }
    if (missing.empty() || !create) {
        return bits;
    }
    auto lock = lock_uidlist();
    if (!lock) {
        return lock.error();
    }
    refreshed = refresh_keywords(true);
    if (!refreshed) {
        return refreshed.error();
    }
    bool added = false;
    for (const std::string& name : missing) {
        if (const auto i = lookup(name)) {
            bits |= std::uint64_t{1} << *i;
            continue;
        }
        std::size_t slot = 0;
        while (slot < keywords_.size() && !keywords_[slot].empty()) {
            ++slot;
        }
        if (slot >= kMaxMaildirKeywords) {
            return storage_error(StorageError::NotPossible,
                                 "mailbox " + this->name() + " has no room for keyword '" + name +
                                     "' (Maildir file names hold 26)");
        }
        if (slot >= keywords_.size()) {
            keywords_.resize(slot + 1);
        }
        keywords_[slot] = name;
        bits |= std::uint64_t{1} << slot;
        added = true;
    }
    if (added) {
        const std::string path = paths_.control + "/dovecot-keywords";
        auto written =
            write_file_atomic(path, serialize_keywords_file(keywords_),
                              file_mode_for_directory(paths_.control), maildir_options_.fsync);
        if (!written) {
            return written.error();
        }
        keywords_key_.reset();
    }
    auto released = lock->release();
    if (!released) {
        return released.error();
    }
    return bits;
}

}  // namespace roost::storage::maildir
