// MaildirMailbox: opening, scanning with UID assignment, locking and finding files.
#include "storage/maildir/maildir_mailbox.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

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

std::string MaildirMailbox::file_path(const FileEntry& entry) const
{
    return paths_.mail + (entry.in_new ? "/new/" : "/cur/") + entry.filename;
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

Result<void> MaildirMailbox::assign_uids(const ScanOutcome& found,
                                         const std::vector<std::uint32_t>& gone)
{
    auto lock = lock_uidlist();
    if (!lock) {
        return lock.error();
    }
    auto refreshed = uidlist_.refresh(true);
    if (!refreshed) {
        return refreshed;
    }
    const bool rebuild = !uidlist_.present() || uidlist_.corrupted();
    if (uidlist_.corrupted()) {
        log::error(uidlist_.path(), ": unreadable, giving every message a new UID");
    }
    std::vector<std::string_view> unknown;
    for (const auto& [base, file] : found.files) {
        if (rebuild || !uidlist_.uid_of(base)) {
            unknown.push_back(base);
        }
    }
    // New files get UIDs in delivery order, as their names tell it.
    std::sort(unknown.begin(), unknown.end(), [](std::string_view a, std::string_view b) {
        const auto oa = delivery_order(a);
        const auto ob = delivery_order(b);
        return oa != ob ? oa < ob : a < b;
    });
    const auto dropped = [&](const UidlistRecord& r) {
        return std::binary_search(gone.begin(), gone.end(), r.uid);
    };
    const bool dropping = !rebuild && std::any_of(uidlist_.list().records.begin(),
                                                  uidlist_.list().records.end(), dropped);
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
    std::uint32_t next = rebuild ? list.next_uid : uidlist_.list().next_uid;
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
            list = uidlist_.list();
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
    return lock->release();
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
        tmp_cleaned_ = true;
    }
    auto kw = refresh_keywords(false);
    if (!kw) {
        return kw.error();
    }
    for (int attempt = 0;; ++attempt) {
        // The uidlist is read before the directories: a record it holds whose file the scan
        // does not find was expunged (or renamed during the scan, hence the second look).
        auto refreshed = uidlist_.refresh(false);
        if (!refreshed) {
            return refreshed.error();
        }
        auto scan = scan_maildir(paths_.mail);
        if (!scan) {
            return scan.error();
        }
        std::vector<std::uint32_t> gone;
        bool unknown = !uidlist_.present() || uidlist_.corrupted();
        for (const auto& [base, file] : scan->files) {
            if (!uidlist_.uid_of(base)) {
                unknown = true;
                break;
            }
        }
        for (const UidlistRecord& r : uidlist_.list().records) {
            if (!scan->files.contains(r.base)) {
                gone.push_back(r.uid);
            }
        }
        if (!gone.empty() && attempt == 0) {
            continue;  // look again before believing a file is gone
        }
        if (!scan->stable) {
            gone.clear();
        }
        // Records of vanished files are dropped at once, or every later sync would look twice.
        if (unknown || (!gone.empty() && !options().read_only)) {
            auto assigned = assign_uids(*scan, gone);
            if (!assigned) {
                // A reader without write access (a shared or read-only mailbox) still sees
                // every message that already has a UID.
                if (!options().read_only || !uidlist_.present() || uidlist_.corrupted()) {
                    return assigned.error();
                }
                log::warning("mailbox ", name(),
                             ": new files get UIDs later: ", assigned.error().message);
            }
        }

        index::DiskState state;
        state.uidvalidity = uidlist_.list().uidvalidity;
        state.uidnext = uidlist_.list().next_uid;
        std::unordered_map<std::uint32_t, FileEntry> files;
        files.reserve(scan->files.size());
        bool vanished = false;
        for (const auto& [base, file] : scan->files) {
            const auto uid = uidlist_.uid_of(base);
            if (!uid) {
                continue;  // delivered after our lock: the next sync takes it in
            }
            const MaildirName parsed = parse_maildir_name(file.filename);
            auto cached = stat_cache_.find(base);
            if (cached == stat_cache_.end()) {
                struct stat st {};
                const std::string path =
                    paths_.mail + (file.in_new ? "/new/" : "/cur/") + file.filename;
                if (::stat(path.c_str(), &st) < 0) {
                    vanished = true;  // renamed or expunged since the scan
                    continue;
                }
                cached = stat_cache_
                             .emplace(base, FileStat{static_cast<std::uint64_t>(st.st_size),
                                                     static_cast<std::int64_t>(st.st_mtime)})
                             .first;
            }
            index::DiskMessage m;
            m.uid = *uid;
            m.flags = parsed.flags;
            m.keywords = parsed.keywords;
            m.size = parsed.size.value_or(cached->second.size);
            m.vsize = parsed.vsize;
            m.internal_date = cached->second.mtime;
            m.is_new = file.in_new;
            state.messages.push_back(m);
            files.emplace(*uid, FileEntry{file.filename, file.in_new});
        }
        if (vanished && attempt < 3) {
            continue;
        }
        // Keep the cache to the files that still exist, so a long session does not grow it.
        if (stat_cache_.size() > scan->files.size() + scan->files.size() / 4 + 64) {
            std::erase_if(stat_cache_,
                          [&](const auto& entry) { return !scan->files.contains(entry.first); });
        }
        std::sort(
            state.messages.begin(), state.messages.end(),
            [](const index::DiskMessage& a, const index::DiskMessage& b) { return a.uid < b.uid; });
        files_ = std::move(files);
        return state;
    }
}

Result<bool> MaildirMailbox::relocate(std::uint32_t uid)
{
    const auto it = files_.find(uid);
    if (it == files_.end()) {
        return false;
    }
    const std::string base(maildir_base(it->second.filename));
    auto scan = scan_maildir(paths_.mail);
    if (!scan) {
        return scan.error();
    }
    const auto found = scan->files.find(base);
    if (found == scan->files.end()) {
        return false;
    }
    it->second = FileEntry{found->second.filename, found->second.in_new};
    return true;
}

Result<MessageFile> MaildirMailbox::open_file(std::uint32_t uid)
{
    for (int attempt = 0; attempt < 3; ++attempt) {
        const auto it = files_.find(uid);
        if (it == files_.end()) {
            break;
        }
        const std::string path = file_path(it->second);
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
