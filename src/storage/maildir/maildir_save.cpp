// MaildirMailbox: saving (tmp/ -> fsync -> link into new/ or cur/ -> UID), hard-link copies
// and expunges.
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <thread>

#include "core/log.hpp"
#include "core/unique_fd.hpp"
#include "storage/file_util.hpp"
#include "storage/maildir/maildir_filename.hpp"
#include "storage/maildir/maildir_mailbox.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

// A base that no other delivery on any host uses: time, pid, a per-process counter, host.
std::string unique_base(std::uint64_t size, std::optional<std::uint64_t> vsize)
{
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return make_maildir_base(now.tv_sec, now.tv_nsec / 1000, ::getpid(), next_unique_counter(),
                             local_hostname(), size, vsize);
}

// fdatasync(2) of the file at `path` (whatever descriptor wrote it: the data lives in the
// inode). A file replaced meanwhile was synced by whoever replaced it.
Result<void> sync_file_data(const std::string& path)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return errno == ENOENT ? Result<void>() : storage_errno_error("open(" + path + ")");
    }
    if (::fdatasync(fd.get()) < 0) {
        return storage_errno_error("fdatasync(" + path + ")");
    }
    return {};
}

// fsync_directory(dir) and sync_file_data(file) at the same time: each waits for its own
// write and a cache flush of the disk, and the block layer merges flushes that overlap, so the
// pair takes about the time of one (measured: 2.3-3.8 ms instead of 7.7 ms on a busy disk).
// Without a thread (none can be started) they run one after the other.
Result<void> sync_both(const std::string& dir, const std::string& file)
{
    Result<void> file_synced;
    std::thread helper;
    try {
        helper = std::thread([&] { file_synced = sync_file_data(file); });
    } catch (const std::system_error&) {
        file_synced = sync_file_data(file);
    }
    auto dir_synced = fsync_directory(dir);
    if (helper.joinable()) {
        helper.join();
    }
    return dir_synced ? file_synced : dir_synced;
}

}  // namespace

Result<std::uint32_t> MaildirMailbox::commit_file(const std::string& from, bool from_tmp,
                                                  const std::string& base, Flags flags,
                                                  std::uint64_t keywords, std::uint32_t wanted_uid,
                                                  std::uint32_t wanted_uidvalidity)
{
    const auto letters = static_cast<std::uint32_t>(keywords & 0x3ffffff);
    const bool to_cur = !flags.storable().empty() || letters != 0;
    const std::string filename =
        to_cur ? base + ":2," + maildir_flag_letters(flags.storable(), letters, "") : base;
    const std::string dir = paths_.mail + (to_cur ? "/cur" : "/new");
    const std::string dest = dir + "/" + filename;

    // Whether what we know of the mailbox can take this file in without a listing: nobody
    // changed the uidlist or the target directory since we last looked.
    const std::uint64_t uidlist_changes = uidlist_.changes();
    const bool track = uidlist_changes == seen_uidlist_changes_ && trackable(!to_cur, to_cur);
    auto lock = lock_uidlist();
    if (!lock) {
        return lock.error();
    }
    auto refreshed = uidlist_.refresh();
    if (!refreshed) {
        return refreshed.error();
    }
    // Leave rebuilding a broken uidlist to a sync, which renumbers every file at once.
    if (uidlist_.corrupted()) {
        return storage_error(StorageError::Corrupted,
                             uidlist_.path() + " is broken: sync the mailbox first");
    }
    std::optional<Uidlist> fresh_list;
    // A uidlist that never numbered a message (next UID 1: a status or an open made it) may
    // still take the UIDVALIDITY asked for (roostadm convert keeps the source's).
    const bool never_used = uidlist_.present() && uidlist_.header().next_uid == 1;
    if (!uidlist_.present() || (never_used && wanted_uidvalidity != 0 &&
                                wanted_uidvalidity != uidlist_.header().uidvalidity)) {
        auto fresh = new_uidlist();
        if (!fresh) {
            return fresh.error();
        }
        fresh_list = std::move(fresh.value());
        if (wanted_uidvalidity != 0) {
            fresh_list->uidvalidity = wanted_uidvalidity;
        }
    }
    const std::uint32_t uid =
        std::max(fresh_list ? fresh_list->next_uid : uidlist_.header().next_uid, wanted_uid);
    if (uid == UINT32_MAX) {
        return storage_error(StorageError::NotPossible, "mailbox " + name() + " ran out of UIDs");
    }
    // link() never replaces an existing file, unlike rename().
    if (::link(from.c_str(), dest.c_str()) < 0) {
        const int err = errno;
        if (!from_tmp || (err != EPERM && err != ENOSYS && err != EOPNOTSUPP)) {
            errno = err;
            return storage_errno_error("link(" + from + ", " + dest + ")");
        }
        if (::rename(from.c_str(), dest.c_str()) < 0) {
            return storage_errno_error("rename(" + from + ", " + dest + ")");
        }
    } else if (from_tmp) {
        ::unlink(from.c_str());
    }
    const UidlistRecord record{uid, "", base};
    Result<void> written;
    // An appended line is synced after the lock is released (below): two deliveries then
    // wait for each other only for the write, not for the disk. A whole new file is still
    // synced before its rename, which must not expose an unsynced file.
    const bool appended = !fresh_list && uidlist_.can_append();
    if (appended) {
        written = uidlist_.append({record}, false);
    } else {
        Uidlist list;
        if (fresh_list) {
            list = std::move(*fresh_list);
        } else {
            auto full = uidlist_.full_list();
            if (!full) {
                ::unlink(dest.c_str());
                return full.error();
            }
            list = std::move(full.value());
        }
        list.records.push_back(record);
        list.next_uid = uid + 1;
        written = uidlist_.write(std::move(list), file_mode_for_directory(paths_.control),
                                 maildir_options_.fsync);
    }
    if (!written) {
        // Not acknowledged, so not visible either: the client will retry.
        ::unlink(dest.c_str());
        return written.error();
    }
    known_uidvalidity(uidlist_.header().uidvalidity);
    if (track && uidlist_.changes() == uidlist_changes + 1 &&
        uidlist_.generation() == seen_uidlist_generation_) {
        // Only our own record was added, and only our own file.
        struct stat st {};
        if (::stat(dest.c_str(), &st) == 0) {
            added(uid, filename, !to_cur, static_cast<std::uint64_t>(st.st_size),
                  static_cast<std::int64_t>(st.st_mtime));
            seen_uidlist_changes_ = uidlist_.changes();
            tracked(!to_cur, to_cur);
        }
    }
    auto released = lock->release();
    if (!released) {
        log::warning(released.error().message);
    }
    // Durable before it is acknowledged (the file itself was synced before the link). Others
    // may see the message and its UID before this, as they could see an unsynced append
    // before; after a crash that lost the uidlist line, the file in new/ gets its UID at the
    // next sync, like a message the MTA delivered into new/ itself.
    if (maildir_options_.fsync) {
        auto synced = appended ? sync_both(dir, uidlist_.path()) : fsync_directory(dir);
        if (!synced) {
            // Not acknowledged: the sender retries, so take the message back. Our record in
            // the uidlist stays, harmless without its file; the removal changes the
            // directory, so our own listing notices it.
            ::unlink(dest.c_str());
            return synced.error();
        }
    }
    return uid;
}

Result<std::uint32_t> MaildirMailbox::save_message(const AppendRequest& request,
                                                   std::uint64_t keywords)
{
    const std::uint64_t size = request.data.size();
    const std::uint64_t vsize = maildir::virtual_size(request.data);
    const mode_t mode = file_mode_for_directory(paths_.mail);
    std::string base;
    std::string tmp;
    UniqueFd fd;
    for (int attempt = 0; attempt < 10 && !fd; ++attempt) {
        base = unique_base(size, vsize);
        tmp = paths_.mail + "/tmp/" + base;
        fd.reset(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
        if (!fd && errno != EEXIST) {
            return storage_errno_error("open(" + tmp + ")");
        }
    }
    if (!fd) {
        return storage_error(StorageError::Temp, "cannot create a unique file in " + paths_.mail);
    }
    auto fail = [&](Error e) -> Result<std::uint32_t> {
        ::unlink(tmp.c_str());
        return e;
    };
    auto written = write_all(fd.get(), request.data, tmp);
    if (!written) {
        return fail(written.error());
    }
    if (request.internal_date) {
        struct timespec times[2] = {{*request.internal_date, 0}, {*request.internal_date, 0}};
        if (::futimens(fd.get(), times) < 0) {
            return fail(storage_errno_error("futimens(" + tmp + ")"));
        }
    }
    if (maildir_options_.fsync && ::fsync(fd.get()) < 0) {
        return fail(storage_errno_error("fsync(" + tmp + ")"));
    }
    if (::close(fd.release()) < 0) {
        return fail(storage_errno_error("close(" + tmp + ")"));
    }
    auto uid = commit_file(tmp, true, base, request.flags, keywords, request.uid.value_or(0),
                           request.uidvalidity.value_or(0));
    if (!uid) {
        ::unlink(tmp.c_str());
    }
    return uid;
}

Result<std::uint32_t> MaildirMailbox::save_link(const std::string& source, std::uint64_t size,
                                                std::optional<std::uint64_t> vsize, Flags flags,
                                                const std::vector<std::string>& keywords)
{
    if (options().read_only) {
        return storage_error(StorageError::NotPossible, "mailbox " + name() + " is read-only");
    }
    auto bits = keyword_bits(keywords, true);
    if (!bits) {
        return bits.error();
    }
    auto uid = commit_file(source, false, unique_base(size, vsize), flags, *bits);
    if (!uid) {
        return uid.error();
    }
    note_saved(*uid, flags.storable(), *bits);
    return *uid;
}

Result<std::uint32_t> MaildirMailbox::copy_message(const MessageInfo& info, Mailbox& dest)
{
    if (auto restored = ensure_known(); !restored) {
        return restored.error();
    }
    auto* target = dynamic_cast<MaildirMailbox*>(&dest);
    if (target != nullptr) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            const KnownFile* source = known(info.uid);
            if (source == nullptr) {
                break;
            }
            auto uid = target->save_link(file_path(*source), info.size, info.vsize(),
                                         info.flags.storable(), keyword_names(info.keywords));
            if (uid) {
                return uid;
            }
            if (storage_code_of(uid.error()) == StorageError::NotFound) {
                auto moved = relocate(info.uid);
                if (!moved) {
                    return moved.error();
                }
                if (!*moved) {
                    return storage_error(
                        StorageError::Expunged,
                        "message UID " + std::to_string(info.uid) + " was expunged");
                }
                continue;
            }
            if (storage_code_of(uid.error()) != StorageError::Temp &&
                storage_code_of(uid.error()) != StorageError::Perm) {
                return uid.error();
            }
            break;  // no hard links here (another file system, a link limit): copy the bytes
        }
    }
    return IndexMailbox::copy_message(info, dest);
}

Result<void> MaildirMailbox::remove_messages(const std::vector<std::uint32_t>& uids)
{
    if (auto restored = ensure_known(); !restored) {
        return restored;
    }
    const bool track = trackable(true, true);
    std::vector<std::uint32_t> removed;
    for (const std::uint32_t uid : uids) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            const KnownFile* f = known(uid);
            if (f == nullptr) {
                break;
            }
            const std::string path = file_path(*f);
            if (::unlink(path.c_str()) == 0) {
                break;
            }
            if (errno != ENOENT) {
                return storage_errno_error("unlink(" + path + ")");
            }
            auto moved = relocate(uid);
            if (!moved) {
                return moved.error();
            }
            if (!*moved) {
                break;  // already gone: someone else expunged it
            }
        }
        removed.push_back(uid);
    }
    if (removed.empty()) {
        return {};
    }
    this->removed(removed);
    if (track) {
        tracked(true, true);
    }
    if (maildir_options_.fsync) {
        (void)fsync_directory(paths_.mail + "/cur");
    }
    // The uidlist keeps the records until a sync drops gone ones in bulk (as Dovecot does):
    // rewriting it for every expunge would cost a whole new file each time. A record without
    // a file is harmless: its UID is never given out again.
    known_gone_.insert(known_gone_.end(), removed.begin(), removed.end());
    std::sort(known_gone_.begin(), known_gone_.end());
    known_gone_.erase(std::unique(known_gone_.begin(), known_gone_.end()), known_gone_.end());
    return {};
}

}  // namespace roost::storage::maildir
