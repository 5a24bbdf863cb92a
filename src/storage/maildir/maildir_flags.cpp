// MaildirMailbox: flag changes are renames; taking in new mail moves it from new/ to cur/.
#include <cerrno>
#include <cstdio>

#include "storage/maildir/maildir_filename.hpp"
#include "storage/maildir/maildir_mailbox.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {

Result<index::StoredFlags> MaildirMailbox::write_flags(std::uint32_t uid, StoreMode mode,
                                                       Flags flags, std::uint64_t keywords)
{
    if (auto restored = ensure_known(); !restored) {
        return restored.error();
    }
    // Another process may rename the file between our look and our rename: then find its new
    // name and apply the change to the flags it has now.
    for (int attempt = 0; attempt < 4; ++attempt) {
        const KnownFile* entry = known(uid);
        if (entry == nullptr) {
            break;
        }
        const std::string filename(name_of(*entry));
        const MaildirName parsed = parse_maildir_name(filename);
        const Flags new_flags = apply_store(parsed.flags, mode, flags);
        const auto new_keywords = static_cast<std::uint32_t>(
            apply_store(std::uint64_t{parsed.keywords}, mode, keywords) & 0x3ffffff);
        const std::string new_name = maildir_name_with_flags(parsed, new_flags, new_keywords);
        if (new_name == filename && !entry->in_new) {
            return index::StoredFlags{new_flags, new_keywords};
        }
        const std::string from = file_path(*entry);
        const std::string to = paths_.mail + "/cur/" + new_name;
        const bool from_new = entry->in_new;
        const bool track = trackable(from_new, true);
        if (::rename(from.c_str(), to.c_str()) == 0) {
            renamed(uid, new_name, false);
            if (track) {
                tracked(from_new, true);
            }
            return index::StoredFlags{new_flags, new_keywords};
        }
        if (errno != ENOENT) {
            return storage_errno_error("rename(" + from + ", " + to + ")");
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

Result<void> MaildirMailbox::mark_not_new(const std::vector<std::uint32_t>& uids)
{
    if (auto restored = ensure_known(); !restored) {
        return restored;
    }
    for (const std::uint32_t uid : uids) {
        const KnownFile* entry = known(uid);
        if (entry == nullptr || !entry->in_new) {
            continue;
        }
        const std::string filename(name_of(*entry));
        const MaildirName parsed = parse_maildir_name(filename);
        const std::string new_name = parsed.has_info ? filename : filename + ":2,";
        const std::string from = file_path(*entry);
        const std::string to = paths_.mail + "/cur/" + new_name;
        const bool track = trackable(true, true);
        if (::rename(from.c_str(), to.c_str()) == 0) {
            renamed(uid, new_name, false);
            if (track) {
                tracked(true, true);
            }
        } else if (errno != ENOENT) {
            // Someone else moving it first is fine; anything else is only worth a warning.
            return storage_errno_error("rename(" + from + ", " + to + ")");
        }
    }
    return {};
}

}  // namespace roost::storage::maildir
