// MboxMailbox: opening, locking, parsing the file into the view and reading messages.
#include "storage/mbox/mbox_mailbox.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include "core/log.hpp"
#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::mbox {
namespace {

std::string directory_of(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

MboxMailbox::Scope::~Scope()
{
    if (box_ != nullptr && box_->lock_) {
        box_->exact_ = false;  // others may write from now on
        auto released = box_->lock_->release();
        if (!released) {
            log::warning(released.error().message);
        }
        box_->lock_.reset();
    }
}

MboxMailbox::MboxMailbox(std::string name, MboxPaths paths, const OpenOptions& options,
                         const MboxOptions& mbox_options)
    : IndexMailbox(std::move(name), options,
                   paths.index_dir.empty() ? std::string() : paths.index_dir + "/roost-index"),
      paths_(std::move(paths)),
      mbox_options_(mbox_options)
{
}

Result<std::unique_ptr<MboxMailbox>> MboxMailbox::open(std::string name, MboxPaths paths,
                                                       const OpenOptions& options,
                                                       const MboxOptions& mbox_options)
{
    std::unique_ptr<MboxMailbox> box(
        new MboxMailbox(std::move(name), std::move(paths), options, mbox_options));
    if (!options.save_only) {
        auto synced = box->sync();
        if (!synced) {
            return synced.error();
        }
    }
    return box;
}

std::vector<std::string> MboxMailbox::change_paths() const
{
    return {directory_of(paths_.file)};
}

Result<bool> MboxMailbox::open_fd(bool create)
{
    const int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
    UniqueFd fd(::open(paths_.file.c_str(), flags, 0600));
    if (!fd && (errno == EACCES || errno == EROFS) && !create) {
        fd = UniqueFd(::open(paths_.file.c_str(), O_RDONLY | O_CLOEXEC));
    }
    if (!fd) {
        if (errno == ENOENT && !create) {
            return false;
        }
        return storage_errno_error("open(" + paths_.file + ")");
    }
    fd_ = std::move(fd);
    return true;
}

Result<std::optional<MboxMailbox::Scope>> MboxMailbox::lock_file(bool exclusive, bool create)
{
    if (lock_) {
        if (lock_->exclusive() || !exclusive) {
            return std::optional<Scope>(Scope(nullptr));
        }
        return storage_error(StorageError::NotPossible,
                             "mbox " + paths_.file + ": cannot upgrade a read lock");
    }
    for (int attempt = 0; attempt < 10; ++attempt) {
        if (!fd_) {
            auto opened = open_fd(create);
            if (!opened) {
                return opened.error();
            }
            if (!*opened) {
                return std::optional<Scope>();
            }
        }
        const auto& methods = exclusive ? mbox_options_.locks.write : mbox_options_.locks.read;
        auto lock =
            MboxLock::acquire(fd_.get(), paths_.file, exclusive, methods, mbox_options_.locks);
        if (!lock) {
            return lock.error();
        }
        // Someone may have replaced the file (a rewrite) while we waited for the lock.
        struct stat path_st {};
        struct stat fd_st {};
        const bool present = ::stat(paths_.file.c_str(), &path_st) == 0;
        const bool vanished = !present && errno == ENOENT;
        if (present && ::fstat(fd_.get(), &fd_st) == 0 && path_st.st_ino == fd_st.st_ino &&
            path_st.st_dev == fd_st.st_dev) {
            lock_ = std::move(lock.value());
            return std::optional<Scope>(Scope(this));
        }
        (void)lock->release();
        fd_.reset();
        if (vanished && !create) {
            return std::optional<Scope>();
        }
    }
    return storage_error(StorageError::Temp, "mbox " + paths_.file + " keeps being replaced");
}

Result<MboxMailbox::Identity> MboxMailbox::fd_identity() const
{
    struct statx st {};
    if (::statx(fd_.get(), "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, &st) < 0) {
        return storage_errno_error("statx(" + paths_.file + ")");
    }
    const auto ns = [](const struct statx_timestamp& t) {
        return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
    };
    Identity id;
    id.dev = makedev(st.stx_dev_major, st.stx_dev_minor);
    id.ino = static_cast<ino_t>(st.stx_ino);
    id.size = st.stx_size;
    id.mtime_ns = ns(st.stx_mtime);
    id.btime_ns = (st.stx_mask & STATX_BTIME) != 0 ? ns(st.stx_btime) : 0;
    return id;
}

Result<std::string> MboxMailbox::read_all() const
{
    std::string data;
    struct stat st {};
    if (::fstat(fd_.get(), &st) == 0) {
        data.reserve(static_cast<std::size_t>(st.st_size));
    }
    char buf[1 << 16];
    for (off_t off = 0;;) {
        const ssize_t n = ::pread(fd_.get(), buf, sizeof buf, off);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("read(" + paths_.file + ")");
        }
        if (n == 0) {
            break;
        }
        data.append(buf, static_cast<std::size_t>(n));
        off += n;
    }
    return data;
}

Result<index::DiskState> MboxMailbox::read_disk_state()
{
    if (!temp_cleaned_ && !options().read_only) {
        // Rewrites interrupted by a kill leave their temporary copy beside the mbox.
        remove_stale_temp_files(directory_of(paths_.file));
        if (!paths_.index_dir.empty()) {
            remove_stale_temp_files(paths_.index_dir);  // roost-mbox-parse's, roost-index's
        }
        temp_cleaned_ = true;
    }
    {
        auto scope = lock_file(false, false);
        if (!scope) {
            return scope.error();
        }
        if (!*scope) {
            loaded_ = false;
            entries_.clear();
            base_.reset();
            needs_write_ = false;
            if (uidvalidity_hint_ == 0) {
                uidvalidity_hint_ =
                    static_cast<std::uint32_t>(std::max<std::time_t>(std::time(nullptr), 1));
            }
        } else {
            auto loaded = load(false);
            if (!loaded) {
                return loaded.error();
            }
        }
    }
    if (needs_write_) {
        // Messages delivered by others (Postfix, mutt) get their UIDs written now, as Dovecot
        // does, so every reader agrees on them.
        Result<void> written;
        auto scope = lock_file(true, false);
        if (!scope) {
            written = scope.error();
        } else if (*scope) {
            written = load(false);
            if (written && needs_write_) {
                written = rewrite([](std::uint32_t, StatusValues&) { return true; });
            }
        }
        if (!written) {
            if (!options().read_only) {
                return written.error();
            }
            log::warning("mailbox ", name(),
                         ": UIDs of new messages not written: ", written.error().message);
        }
    }
    index::DiskState state;
    state.uidvalidity = base_ ? base_->uidvalidity : uidvalidity_hint_;
    state.uidnext = std::max(last_uid_, max_uid_seen_) == UINT32_MAX
                        ? UINT32_MAX
                        : std::max(last_uid_, max_uid_seen_) + 1;
    if (!base_ && entries_.empty()) {
        state.uidnext = max_uid_seen_ + 1;
    }
    state.messages.reserve(entries_.size());
    for (const Entry& e : entries_) {
        index::DiskMessage m;
        m.uid = e.uid;
        m.flags = e.parsed.flags;
        m.keywords = e.keywords;
        m.size = e.size;
        m.vsize = e.vsize;
        m.internal_date = e.parsed.received;
        m.is_new = !e.parsed.seen_by_reader;
        state.messages.push_back(m);
    }
    return state;
}

const MboxMailbox::Entry* MboxMailbox::find(std::uint32_t uid) const
{
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), uid,
                                     [](const Entry& e, std::uint32_t u) { return e.uid < u; });
    return it != entries_.end() && it->uid == uid ? &*it : nullptr;
}

std::vector<std::string> MboxMailbox::names_of(std::uint64_t bits) const
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < keywords_.size() && i < 64; ++i) {
        if ((bits >> i) & 1U) {
            out.push_back(keywords_[i]);
        }
    }
    return out;
}

StatusValues MboxMailbox::status_of(const Entry& e) const
{
    StatusValues v;
    v.uid = e.uid;
    v.flags = e.parsed.flags;
    v.seen_by_reader = e.parsed.seen_by_reader;
    v.keywords = names_of(e.keywords);
    return v;
}

Result<MessageFile> MboxMailbox::open_file(std::uint32_t uid)
{
    const auto expunged = [uid] {
        return storage_error(StorageError::Expunged,
                             "message UID " + std::to_string(uid) + " was expunged");
    };
    auto scope = lock_file(false, false);
    if (!scope) {
        return scope.error();
    }
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
    const ParsedMessage& m = e->parsed;
    std::string raw(m.end - m.header, '\0');
    std::size_t done = 0;
    while (done < raw.size()) {
        const ssize_t n = ::pread(fd_.get(), raw.data() + done, raw.size() - done,
                                  static_cast<off_t>(m.header + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? storage_errno_error("read(" + paths_.file + ")") : expunged();
        }
        done += static_cast<std::size_t>(n);
    }
    ParsedMessage shifted = m;
    shifted.header = 0;
    shifted.end = m.end - m.header;
    for (auto& [begin, end] : shifted.hidden) {
        begin -= m.header;
        end -= m.header;
    }
    const std::string visible = visible_message(raw, shifted);
    UniqueFd fd(::memfd_create("roost-mbox-message", MFD_CLOEXEC));
    if (!fd) {
        return storage_errno_error("memfd_create");
    }
    for (std::size_t off = 0; off < visible.size();) {
        const ssize_t n = ::write(fd.get(), visible.data() + off, visible.size() - off);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return storage_errno_error("write(memfd)");
        }
        off += static_cast<std::size_t>(n);
    }
    ::lseek(fd.get(), 0, SEEK_SET);
    return MessageFile{std::move(fd), paths_.file, visible.size()};
}

Result<std::uint64_t> MboxMailbox::keyword_bits(const std::vector<std::string>& names, bool create)
{
    for (const std::string& name : names) {
        if (!is_valid_keyword(name)) {
            return storage_error(StorageError::BadName, "invalid keyword '" + name + "'");
        }
    }
    if (names.empty()) {
        return std::uint64_t{0};
    }
    const auto lookup = [this](const std::string& name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < keywords_.size(); ++i) {
            if (keywords_[i] == name) {
                return i;
            }
        }
        return std::nullopt;
    };
    const auto collect = [&](std::vector<std::string>& missing) {
        std::uint64_t bits = 0;
        missing.clear();
        for (const std::string& name : names) {
            if (const auto i = lookup(name)) {
                bits |= std::uint64_t{1} << *i;
            } else if (std::find(missing.begin(), missing.end(), name) == missing.end()) {
                missing.push_back(name);
            }
        }
        return bits;
    };
    std::vector<std::string> missing;
    std::uint64_t bits = collect(missing);
    if (missing.empty() || !create) {
        return bits;
    }
    auto scope = lock_file(true, true);
    if (!scope) {
        return scope.error();
    }
    auto loaded = load(false);
    if (!loaded) {
        return loaded.error();
    }
    bits = collect(missing);
    for (const std::string& name : missing) {
        if (keywords_.size() >= 64) {
            return storage_error(StorageError::NotPossible, "mailbox " + this->name() +
                                                                " has no room for keyword '" +
                                                                name + "' (64 per mailbox)");
        }
        keywords_.push_back(name);
        bits |= std::uint64_t{1} << (keywords_.size() - 1);
    }
    if (!missing.empty() && !entries_.empty()) {
        // X-IMAPbase lists the mailbox's keywords; an empty file gets them with its first
        // message.
        auto written = rewrite([](std::uint32_t, StatusValues&) { return true; });
        if (!written) {
            return written.error();
        }
    }
    return bits;
}

}  // namespace roost::storage::mbox
