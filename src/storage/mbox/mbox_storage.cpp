// MboxStorage: the folder tree of files and directories.
#include "storage/mbox/mbox_storage.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>

#include "core/strings.hpp"
#include "core/unique_fd.hpp"
#include "storage/file_util.hpp"
#include "storage/mailbox_name.hpp"
#include "storage/mbox/mbox_parse_cache.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::mbox {
namespace {

// Names in the tree that are not mailboxes: dotfiles (.imap, .subscriptions), dotlocks and
// the temporary files of rewrites.
bool is_skipped(std::string_view name)
{
    return name.empty() || name[0] == '.' || name.ends_with(".lock") ||
           name.find(".tmp.") != std::string_view::npos ||
           name.find(".lock.stale.") != std::string_view::npos;
}

struct Node {
    std::string name;
    bool is_dir = false;
};

std::vector<Node> entries_of(const std::string& dir)
{
    std::vector<Node> out;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return out;
    }
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name(e->d_name);
        if (name == "." || name == ".." || is_skipped(name)) {
            continue;
        }
        struct stat st {};
        if (::fstatat(::dirfd(d), e->d_name, &st, 0) < 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) {
            out.push_back({std::string(name), S_ISDIR(st.st_mode)});
        }
    }
    ::closedir(d);
    return out;
}

std::string parent_of(const std::string& path)
{
    return path.substr(0, path.find_last_of('/'));
}

}  // namespace

MboxStorage::MboxStorage(MailLocation location, StorageSettings settings, MboxOptions options)
    : Storage(std::move(location), std::move(settings)), options_(std::move(options))
{
}

Result<std::unique_ptr<Storage>> open_mbox_storage(MailLocation location,
                                                   const StorageSettings& settings)
{
    if (location.root.empty() || location.root[0] != '/') {
        return storage_error(StorageError::BadLocation,
                             "mbox root must be an absolute path: " + location.root);
    }
    while (location.root.size() > 1 && location.root.back() == '/') {
        location.root.pop_back();
    }
    MboxOptions options;
    auto read = parse_lock_methods(settings.mbox.read_locks);
    if (!read) {
        return read.error();
    }
    auto write = parse_lock_methods(settings.mbox.write_locks);
    if (!write) {
        return write.error();
    }
    options.locks.read = std::move(read.value());
    options.locks.write = std::move(write.value());
    options.locks.timeout = settings.mbox.lock_timeout;
    options.locks.dotlock_stale = settings.mbox.dotlock_change_timeout;
    options.fsync = settings.fsync;
    return std::unique_ptr<Storage>(new MboxStorage(std::move(location), settings, options));
}

std::string MboxStorage::subscriptions_path() const
{
    return (location().control.empty() ? location().root : location().control) + "/.subscriptions";
}

Result<std::string> MboxStorage::relative_path(std::string_view name) const
{
    auto levels = split_mailbox_name(name);
    if (!levels) {
        return levels.error();
    }
    std::string rel;
    for (const std::string& level : *levels) {
        const std::string encoded = mutf7_encode(level);
        if (is_skipped(encoded)) {
            return storage_error(StorageError::BadName,
                                 "mailbox name level '" + level + "' cannot be stored in mbox");
        }
        rel += rel.empty() ? encoded : "/" + encoded;
    }
    return rel;
}

Result<MboxPaths> MboxStorage::paths_of(std::string_view name) const
{
    const std::string canonical = canonical_mailbox_name(name);
    const MailLocation& loc = location();
    MboxPaths paths;
    std::string index_rel;
    if (canonical == "INBOX") {
        paths.file = loc.inbox.empty() ? loc.root + "/inbox" : loc.inbox;
        index_rel = "INBOX";
    } else {
        auto rel = relative_path(canonical);
        if (!rel) {
            return rel.error();
        }
        paths.file = loc.root + "/" + *rel;
        index_rel = *rel;
    }
    if (loc.index == "MEMORY") {
        paths.index_dir.clear();
    } else if (!loc.index.empty()) {
        paths.index_dir = loc.index + "/" + index_rel;
    } else {
        paths.index_dir = loc.root + "/.imap/" + index_rel;
    }
    return paths;
}

Result<std::vector<MailboxListEntry>> MboxStorage::list_mailboxes()
{
    std::map<std::string, MailboxListEntry> found;
    const auto inbox = paths_of("INBOX");
    std::vector<std::pair<std::string, std::string>> pending{{location().root, ""}};
    while (!pending.empty()) {
        const auto [dir, prefix] = std::move(pending.back());
        pending.pop_back();
        for (const Node& node : entries_of(dir)) {
            const std::string path = dir + "/" + node.name;
            if (inbox && path == inbox->file) {
                continue;
            }
            const auto decoded = mutf7_decode(node.name);
            if (!decoded) {
                continue;
            }
            const std::string name = prefix.empty() ? *decoded : prefix + "/" + *decoded;
            if (prefix.empty() && is_inbox_name(name)) {
                continue;
            }
            MailboxListEntry entry{name, !node.is_dir, false};
            if (node.is_dir) {
                entry.has_children = !entries_of(path).empty();
                pending.emplace_back(path, name);
            }
            found[name] = entry;
        }
    }
    std::vector<MailboxListEntry> out;
    out.push_back({"INBOX", true, false});
    for (auto& [name, entry] : found) {
        out.push_back(entry);
    }
    return out;
}

Result<void> MboxStorage::create_mailbox(std::string_view name)
{
    const std::string canonical = canonical_mailbox_name(name);
    if (canonical == "INBOX") {
        return storage_error(StorageError::Exists, "mailbox INBOX already exists");
    }
    auto paths = paths_of(canonical);
    if (!paths) {
        return paths.error();
    }
    struct stat st {};
    if (::stat(paths->file.c_str(), &st) == 0) {
        return storage_error(S_ISDIR(st.st_mode) ? StorageError::NotPossible : StorageError::Exists,
                             "mailbox " + canonical + " already exists" +
                                 (S_ISDIR(st.st_mode) ? " as a parent of other mailboxes" : ""));
    }
    const std::string parent = parent_of(paths->file);
    if (::stat(parent.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
        return storage_error(StorageError::NotPossible,
                             "mbox mailboxes cannot have children: " + parent + " is a mailbox");
    }
    auto made = ensure_directories(parent, 0700);
    if (!made) {
        return made;
    }
    UniqueFd fd(::open(paths->file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd) {
        if (errno == EEXIST) {
            return storage_error(StorageError::Exists, "mailbox " + canonical + " already exists");
        }
        return storage_errno_error("open(" + paths->file + ")");
    }
    return {};
}

Result<void> MboxStorage::delete_mailbox(std::string_view name)
{
    const std::string canonical = canonical_mailbox_name(name);
    if (canonical == "INBOX") {
        return storage_error(StorageError::NotPossible, "INBOX cannot be deleted");
    }
    auto paths = paths_of(canonical);
    if (!paths) {
        return paths.error();
    }
    struct stat st {};
    if (::stat(paths->file.c_str(), &st) < 0) {
        return storage_error(StorageError::NotFound, "mailbox " + canonical + " does not exist");
    }
    if (S_ISDIR(st.st_mode)) {
        // A parent level only: it goes when it has no children left.
        if (::rmdir(paths->file.c_str()) < 0) {
            return storage_error(StorageError::NotPossible,
                                 "mailbox " + canonical + " has children");
        }
    } else if (::unlink(paths->file.c_str()) < 0) {
        return storage_errno_error("unlink(" + paths->file + ")");
    }
    if (!paths->index_dir.empty()) {
        ::unlink((paths->index_dir + "/roost-index").c_str());
        ::unlink((paths->index_dir + "/roost-cache").c_str());
        ::unlink((paths->index_dir + "/" + std::string(kMboxParseFile)).c_str());
        ::rmdir(paths->index_dir.c_str());  // only when no child's index is inside
    }
    return {};
}

Result<void> MboxStorage::rename_mailbox(std::string_view from, std::string_view to)
{
    const std::string old_name = canonical_mailbox_name(from);
    const std::string new_name = canonical_mailbox_name(to);
    if (old_name == "INBOX") {
        return storage_error(StorageError::NotPossible, "renaming INBOX is not supported yet");
    }
    if (new_name == "INBOX" || new_name == old_name ||
        new_name.starts_with(old_name + kHierarchySeparator)) {
        return storage_error(StorageError::NotPossible,
                             "cannot rename " + old_name + " to " + new_name);
    }
    auto src = paths_of(old_name);
    auto dst = paths_of(new_name);
    if (!src) {
        return src.error();
    }
    if (!dst) {
        return dst.error();
    }
    struct stat st {};
    if (::stat(src->file.c_str(), &st) < 0) {
        return storage_error(StorageError::NotFound, "mailbox " + old_name + " does not exist");
    }
    if (::stat(dst->file.c_str(), &st) == 0) {
        return storage_error(StorageError::Exists, "mailbox " + new_name + " already exists");
    }
    auto made = ensure_directories(parent_of(dst->file), 0700);
    if (!made) {
        return made;
    }
    if (::rename(src->file.c_str(), dst->file.c_str()) < 0) {
        return storage_errno_error("rename(" + src->file + ", " + dst->file + ")");
    }
    if (!src->index_dir.empty() && is_directory(src->index_dir)) {
        if (ensure_directories(parent_of(dst->index_dir), 0700)) {
            (void)::rename(src->index_dir.c_str(), dst->index_dir.c_str());
        }
    }
    return {};
}

Result<std::unique_ptr<Mailbox>> MboxStorage::open_mailbox(std::string_view name,
                                                           const OpenOptions& options)
{
    const std::string canonical = canonical_mailbox_name(name);
    auto paths = paths_of(canonical);
    if (!paths) {
        return paths.error();
    }
    if (canonical != "INBOX") {
        struct stat st {};
        if (::stat(paths->file.c_str(), &st) < 0 || S_ISDIR(st.st_mode)) {
            return storage_error(StorageError::NotFound,
                                 "mailbox " + canonical + " does not exist");
        }
    }
    auto box = MboxMailbox::open(canonical, std::move(paths.value()), options, options_);
    if (!box) {
        return box.error();
    }
    return std::unique_ptr<Mailbox>(std::move(box.value()));
}

}  // namespace roost::storage::mbox
