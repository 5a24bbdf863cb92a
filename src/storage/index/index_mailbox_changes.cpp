// IndexMailbox: the changes a session makes (STORE, APPEND, COPY, MOVE, EXPUNGE) and the
// MODSEQs they get.
#include <algorithm>

#include "core/log.hpp"
#include "storage/index/index_mailbox.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::index {
namespace {

Error read_only_error(const std::string& name)
{
    return storage_error(StorageError::NotPossible, "mailbox " + name + " is open read-only");
}

}  // namespace

Result<std::vector<std::uint32_t>> IndexMailbox::store(const std::vector<std::uint32_t>& uids,
                                                       StoreMode mode, Flags flags,
                                                       const std::vector<std::string>& keywords)
{
    if (options_.read_only) {
        return read_only_error(name_);
    }
    auto bits = keyword_bits(keywords, mode != StoreMode::Remove);
    if (!bits) {
        return bits.error();
    }
    std::vector<IndexEntry> written;
    Result<void> failure;
    for (const std::uint32_t uid : uids) {
        const auto seq = seq_of_uid(uid);
        if (!seq) {
            continue;
        }
        MessageInfo& m = view_[*seq - 1];
        const Flags want = apply_store(m.flags.storable(), mode, flags);
        const std::uint64_t want_keywords = apply_store(m.keywords, mode, *bits);
        if (want == m.flags.storable() && want_keywords == m.keywords) {
            continue;
        }
        auto stored = write_flags(uid, mode, flags, *bits);
        if (!stored) {
            if (storage_code_of(stored.error()) == StorageError::Expunged) {
                continue;
            }
            failure = stored.error();
            break;
        }
        m.flags = stored->flags.storable() | (m.flags & Flags(Flag::Recent));
        m.keywords = stored->keywords;
        written.push_back({uid, 0, stored->flags.storable().bits(), stored->keywords});
    }
    std::vector<std::uint32_t> changed;
    if (!written.empty()) {
        auto updated = update_index([&](IndexFile& f) {
            for (IndexEntry& e : written) {
                e.modseq = ++f.highest_modseq;
                f.put(e);
            }
        });
        if (!updated) {
            log::warning("mailbox ", name_, ": cannot record MODSEQs: ", updated.error().message);
        }
        for (const IndexEntry& e : written) {
            changed.push_back(e.uid);
            if (updated) {
                view_[*seq_of_uid(e.uid) - 1].modseq = e.modseq;
            }
        }
    }
    if (!failure) {
        return failure.error();
    }
    return changed;
}

Result<std::uint32_t> IndexMailbox::append(const AppendRequest& request)
{
    if (options_.read_only) {
        return read_only_error(name_);
    }
    auto bits = keyword_bits(request.keywords, true);
    if (!bits) {
        return bits.error();
    }
    auto uid = save_message(request, *bits);
    if (!uid) {
        return uid.error();
    }
    note_saved(*uid, request.flags.storable(), *bits);
    return *uid;
}

void IndexMailbox::note_saved(std::uint32_t uid, Flags flags, std::uint64_t keywords)
{
    auto updated = update_index([&](IndexFile& f) {
        f.put({uid, ++f.highest_modseq, flags.storable().bits(), keywords});
    });
    if (!updated) {
        log::warning("mailbox ", name_, ": cannot record the MODSEQ of UID ", uid, ": ",
                     updated.error().message);
    }
}

Result<std::uint32_t> IndexMailbox::copy_message(const MessageInfo& info, Mailbox& dest)
{
    auto data = read_message(info.uid);
    if (!data) {
        return data.error();
    }
    AppendRequest request;
    request.data = *data;
    request.flags = info.flags.storable();
    request.keywords = keyword_names(info.keywords);
    request.internal_date = info.internal_date;
    return dest.append(request);
}

Result<std::vector<UidMapping>> IndexMailbox::copy(const std::vector<std::uint32_t>& uids,
                                                   Mailbox& dest)
{
    if (dest.read_only()) {
        return read_only_error(dest.name());
    }
    std::vector<UidMapping> mapping;
    for (const std::uint32_t uid : uids) {
        const auto seq = seq_of_uid(uid);
        if (!seq) {
            continue;
        }
        const MessageInfo info = view_[*seq - 1];
        auto copied = copy_message(info, dest);
        if (!copied) {
            if (storage_code_of(copied.error()) == StorageError::Expunged) {
                continue;
            }
            return copied.error();
        }
        mapping.push_back({uid, *copied});
    }
    return mapping;
}

Result<std::vector<UidMapping>> IndexMailbox::move(const std::vector<std::uint32_t>& uids,
                                                   Mailbox& dest)
{
    if (options_.read_only) {
        return read_only_error(name_);
    }
    auto mapping = copy(uids, dest);
    if (!mapping) {
        return mapping.error();
    }
    std::vector<std::uint32_t> moved;
    for (const UidMapping& m : *mapping) {
        moved.push_back(m.source_uid);
    }
    auto expunged = expunge(moved);
    if (!expunged) {
        return expunged.error();
    }
    return mapping;
}

Result<SyncResult> IndexMailbox::expunge(const std::vector<std::uint32_t>& uids)
{
    if (options_.read_only) {
        return read_only_error(name_);
    }
    std::vector<std::uint32_t> present;
    for (const std::uint32_t uid : uids) {
        if (seq_of_uid(uid)) {
            present.push_back(uid);
        }
    }
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    SyncResult result;
    if (!present.empty()) {
        auto removed = remove_messages(present);
        if (!removed) {
            return removed.error();
        }
        auto updated = update_index([&](IndexFile& f) {
            for (const std::uint32_t uid : present) {
                f.erase(uid);
            }
            ++f.highest_modseq;
        });
        if (!updated) {
            log::warning("mailbox ", name_, ": cannot record expunges: ", updated.error().message);
        }
        for (auto it = present.rbegin(); it != present.rend(); ++it) {
            const auto seq = *seq_of_uid(*it);
            result.expunged_uids.push_back(*it);
            result.expunged_seqs.push_back(seq);
            view_.erase(view_.begin() + (seq - 1));
        }
    }
    result.exists = count();
    return result;
}

}  // namespace roost::storage::index
