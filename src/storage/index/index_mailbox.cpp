// IndexMailbox: the view, its sync, roost-index bookkeeping, STATUS and message access.
#include "storage/index/index_mailbox.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/log.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::index {
namespace {

// Looks up entries for rising UIDs in one pass over the (ascending) entries.
class EntryCursor {
public:
    explicit EntryCursor(const std::vector<IndexEntry>& entries) : entries_(entries) {}
    const IndexEntry* find(std::uint32_t uid)
    {
        while (i_ < entries_.size() && entries_[i_].uid < uid) {
            ++i_;
        }
        return i_ < entries_.size() && entries_[i_].uid == uid ? &entries_[i_] : nullptr;
    }

private:
    const std::vector<IndexEntry>& entries_;
    std::size_t i_ = 0;
};

bool same_state(const IndexEntry& e, const DiskMessage& m)
{
    return e.flags == m.flags.storable().bits() && e.keywords == m.keywords;
}

// Brings `f` in line with what is on disk: messages whose flags differ from the recorded state
// (or that have no entry) get a new MODSEQ; entries of vanished messages go, and their
// disappearance raises the highest MODSEQ once. When `claim` is set the messages past the
// \Recent boundary become this session's and the boundary moves past them.
std::vector<std::uint32_t> reconcile(IndexFile& f, const DiskState& disk, bool claim)
{
    if (f.first_recent_uid == 0) {
        f.first_recent_uid = disk.uidnext;
        for (const DiskMessage& m : disk.messages) {
            if (m.is_new) {
                f.first_recent_uid = m.uid;
                break;
            }
        }
    }
    // One merge of two UID-ordered lists. Entries at or past disk.uidnext belong to messages
    // saved after our scan: they are kept.
    std::vector<IndexEntry> merged;
    merged.reserve(std::max(f.entries.size(), disk.messages.size()));
    bool removed = false;
    std::size_t i = 0;
    std::size_t k = 0;
    while (i < f.entries.size() || k < disk.messages.size()) {
        const IndexEntry* e = i < f.entries.size() ? &f.entries[i] : nullptr;
        const DiskMessage* m = k < disk.messages.size() ? &disk.messages[k] : nullptr;
        if (m != nullptr && (e == nullptr || m->uid < e->uid)) {
            merged.push_back({m->uid, ++f.highest_modseq, m->flags.storable().bits(), m->keywords});
            ++k;
        } else if (m != nullptr && m->uid == e->uid) {
            if (same_state(*e, *m)) {
                merged.push_back(*e);
            } else {
                merged.push_back(
                    {m->uid, ++f.highest_modseq, m->flags.storable().bits(), m->keywords});
            }
            ++i;
            ++k;
        } else {
            if (e->uid >= disk.uidnext) {
                merged.push_back(*e);
            } else {
                removed = true;
            }
            ++i;
        }
    }
    f.entries = std::move(merged);
    if (removed) {
        ++f.highest_modseq;
    }
    std::vector<std::uint32_t> claimed;
    if (claim) {
        for (const DiskMessage& m : disk.messages) {
            if (m.uid >= f.first_recent_uid) {
                claimed.push_back(m.uid);
            }
        }
        f.first_recent_uid = std::max(f.first_recent_uid, disk.uidnext);
    }
    return claimed;
}

bool index_needs_update(const IndexFile& f, const DiskState& disk, bool claim)
{
    if (f.first_recent_uid == 0) {
        return true;
    }
    if (claim && !disk.messages.empty() && disk.messages.back().uid >= f.first_recent_uid) {
        return true;
    }
    std::size_t matched = 0;
    EntryCursor cursor(f.entries);
    for (const DiskMessage& m : disk.messages) {
        const IndexEntry* e = cursor.find(m.uid);
        if (e == nullptr || !same_state(*e, m)) {
            return true;
        }
        ++matched;
    }
    // Any entry below uidnext that is not on disk is an expunge to record.
    std::size_t below = 0;
    for (const IndexEntry& e : f.entries) {
        if (e.uid < disk.uidnext) {
            ++below;
        }
    }
    return below != matched;
}

// RFC822.SIZE of an open file, reading it in chunks.
Result<std::uint64_t> count_virtual_size(int fd)
{
    std::uint64_t size = 0;
    char prev = '\0';
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("read");
        }
        if (n == 0) {
            break;
        }
        for (ssize_t i = 0; i < n; ++i) {
            if (buf[i] == '\n' && prev != '\r') {
                ++size;
            }
            prev = buf[i];
        }
        size += static_cast<std::uint64_t>(n);
    }
    return size;
}

}  // namespace

IndexMailbox::IndexMailbox(std::string name, OpenOptions options, std::string index_path)
    : name_(std::move(name)), options_(options), index_(std::move(index_path))
{
}

std::optional<std::uint32_t> IndexMailbox::seq_of_uid(std::uint32_t uid) const
{
    const auto it =
        std::lower_bound(view_.begin(), view_.end(), uid,
                         [](const MessageInfo& m, std::uint32_t u) { return m.uid < u; });
    if (it == view_.end() || it->uid != uid) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(it - view_.begin()) + 1;
}

Result<void> IndexMailbox::update_index(const std::function<void(IndexFile&)>& change)
{
    return index_.update(uidvalidity_, change);
}

Result<SyncResult> IndexMailbox::sync()
{
    auto disk_result = read_disk_state();
    if (!disk_result) {
        return disk_result.error();
    }
    const DiskState& disk = *disk_result;
    SyncResult result;
    if (disk.unchanged && disk.uidvalidity == uidvalidity_ && disk.uidnext == uidnext_ &&
        uidvalidity_ != 0) {
        index_.refresh(false);  // HIGHESTMODSEQ may have moved (expunges elsewhere raise it)
        result.exists = count();
        return result;
    }
    const bool claim = !options_.read_only;
    std::vector<std::uint32_t> claimed;

    const std::uint32_t old_uidvalidity = uidvalidity_;
    uidvalidity_ = disk.uidvalidity;
    index_.refresh();
    IndexFile fresh;
    fresh.uidvalidity = disk.uidvalidity;
    const IndexFile& current =
        index_.file().uidvalidity == disk.uidvalidity ? index_.file() : fresh;
    if (index_needs_update(current, disk, claim)) {
        auto updated = update_index([&](IndexFile& f) { claimed = reconcile(f, disk, claim); });
        if (!updated) {
            // roost-index is a cache: without it MODSEQs are computed in memory only and
            // \Recent is not claimed, but the mail itself stays readable.
            log::warning("mailbox ", name_, ": cannot update the index: ", updated.error().message);
            claimed.clear();
            IndexFile computed = current;
            reconcile(computed, disk, false);
            index_.adopt(std::move(computed));
        }
    } else if (&current == &fresh) {
        index_.adopt(std::move(fresh));
    }
    const IndexFile& index = index_.file();

    // Carry session state (\Recent ownership, computed sizes) over from the old view.
    std::vector<MessageInfo> old_view = std::move(view_);
    if (old_uidvalidity != 0 && old_uidvalidity != disk.uidvalidity) {
        result.uidvalidity_changed = true;
    }
    std::vector<MessageInfo> next;
    next.reserve(disk.messages.size());
    std::size_t k = 0;
    std::size_t c = 0;
    EntryCursor cursor(index.entries);
    for (const DiskMessage& m : disk.messages) {
        MessageInfo info;
        info.uid = m.uid;
        info.flags = m.flags.storable();
        info.keywords = m.keywords;
        info.size = m.size;
        info.set_vsize(m.vsize);
        info.internal_date = m.internal_date;
        const IndexEntry* e = cursor.find(m.uid);
        info.modseq = e != nullptr ? e->modseq : index.highest_modseq;
        while (c < claimed.size() && claimed[c] < m.uid) {
            ++c;
        }
        bool recent = c < claimed.size() && claimed[c] == m.uid;
        if (options_.read_only && m.uid >= index.first_recent_uid) {
            recent = true;
        }
        if (!result.uidvalidity_changed) {
            while (k < old_view.size() && old_view[k].uid < m.uid) {
                ++k;
            }
            if (k < old_view.size() && old_view[k].uid == m.uid) {
                const MessageInfo& old = old_view[k];
                recent = recent || old.flags.has(Flag::Recent);
                if (!info.vsize()) {
                    info.set_vsize(old.vsize());
                }
                if (old.flags.storable() != info.flags || old.keywords != info.keywords) {
                    result.changed_uids.push_back(m.uid);
                }
            }
        }
        if (recent) {
            info.flags |= Flag::Recent;
        }
        next.push_back(info);
    }
    // Expunges, highest sequence number first.
    std::size_t j = next.size();
    for (std::size_t i = old_view.size(); i-- > 0;) {
        const std::uint32_t uid = old_view[i].uid;
        while (j > 0 && next[j - 1].uid > uid) {
            --j;
        }
        const bool kept = !result.uidvalidity_changed && j > 0 && next[j - 1].uid == uid;
        if (!kept) {
            result.expunged_uids.push_back(uid);
            result.expunged_seqs.push_back(static_cast<std::uint32_t>(i) + 1);
        }
    }
    const std::size_t old_keywords = keywords().size();
    view_ = std::move(next);
    uidnext_ = disk.uidnext;
    result.exists = count();
    result.keywords_changed = keywords().size() != old_keywords;

    if (!claimed.empty()) {
        std::vector<std::uint32_t> taken_in;
        for (const DiskMessage& m : disk.messages) {
            if (m.is_new && std::binary_search(claimed.begin(), claimed.end(), m.uid)) {
                taken_in.push_back(m.uid);
            }
        }
        if (!taken_in.empty()) {
            auto moved = mark_not_new(taken_in);
            if (!moved) {
                log::warning("mailbox ", name_, ": ", moved.error().message);
            }
        }
    }
    return result;
}

Result<MailboxStatus> IndexMailbox::status(bool with_vsize)
{
    MailboxStatus st;
    st.messages = count();
    st.uidnext = uidnext_;
    st.uidvalidity = uidvalidity_;
    st.highest_modseq = highest_modseq();
    for (std::uint32_t seq = 1; seq <= count(); ++seq) {
        const MessageInfo& m = view_[seq - 1];
        if (m.flags.has(Flag::Recent)) {
            ++st.recent;
        }
        if (!m.flags.has(Flag::Seen)) {
            ++st.unseen;
            if (st.first_unseen_seq == 0) {
                st.first_unseen_seq = seq;
            }
        }
        if (!with_vsize) {
            continue;
        }
        auto vsize = virtual_size(seq);
        if (vsize) {
            st.vsize += *vsize;
        } else if (storage_code_of(vsize.error()) == StorageError::Expunged) {
            st.vsize += m.size;  // gone meanwhile; the next sync drops it
        } else {
            return vsize.error();
        }
    }
    return st;
}

Result<std::uint64_t> IndexMailbox::virtual_size(std::uint32_t seq)
{
    MessageInfo& m = view_.at(seq - 1);
    if (const auto known = m.vsize()) {
        return *known;
    }
    auto file = open_file(m.uid);
    if (!file) {
        return file.error();
    }
    auto size = count_virtual_size(file->fd.get());
    if (!size) {
        return size.error();
    }
    m.set_vsize(*size);
    return *size;
}

Result<MessageFile> IndexMailbox::open_message(std::uint32_t uid)
{
    if (!seq_of_uid(uid)) {
        return storage_error(StorageError::Expunged,
                             "message UID " + std::to_string(uid) + " is not in the mailbox");
    }
    return open_file(uid);
}

Result<std::string> IndexMailbox::read_message(std::uint32_t uid)
{
    auto file = open_message(uid);
    if (!file) {
        return file.error();
    }
    auto data = read_all(file->fd.get(), 0, file->size, file->path);
    if (!data) {
        return data.error();
    }
    return std::move(data.value());
}

}  // namespace roost::storage::index
