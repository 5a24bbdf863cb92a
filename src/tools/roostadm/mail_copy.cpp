// Copying messages between two storages, whatever their backends.
#include "tools/roostadm/mail_copy.hpp"

#include "storage/storage_error.hpp"

namespace roost::tools::roostadm {

Result<std::size_t> append_copies(storage::Mailbox& from, const std::vector<std::uint32_t>& uids, storage::Mailbox& to,
                                  bool keep_uids)
{
    std::size_t copied = 0;
    for (const std::uint32_t uid : uids) {
        const auto seq = from.seq_of_uid(uid);
        if (!seq) {
            continue;
        }
        const storage::MessageInfo& info = from.message(*seq);
        auto data = from.read_message(uid);
        if (!data) {
            if (storage::storage_code_of(data.error()) == storage::StorageError::Expunged) {
                continue;  // removed by another process since the scan: nothing to copy
            }
            return Error{data.error().code, from.name() + " UID " + std::to_string(uid) + ": " + data.error().message};
        }
        storage::AppendRequest request;
        request.data = *data;
        request.flags = info.flags;
        request.keywords = from.keyword_names(info.keywords);
        request.internal_date = info.internal_date;
        if (keep_uids) {
            request.uid = uid;
            request.uidvalidity = from.uidvalidity();
        }
        auto saved = to.append(request);
        if (!saved) {
            return Error{saved.error().code, to.name() + ": " + saved.error().message};
        }
        if (keep_uids && *saved != uid) {
            return storage::storage_error(storage::StorageError::NotPossible,
                                          to.name() + ": UID " + std::to_string(uid) + " became " +
                                              std::to_string(*saved) + " (the destination already had higher UIDs)");
        }
        ++copied;
    }
    return copied;
}

Result<bool> ensure_mailbox(storage::Storage& storage, std::string_view name)
{
    auto created = storage.create_mailbox(name);
    if (created) {
        return true;
    }
    if (storage::storage_code_of(created.error()) == storage::StorageError::Exists) {
        return false;
    }
    return Error{created.error().code, std::string(name) + ": " + created.error().message};
}

}  // namespace roost::tools::roostadm
