// MaildirStorage: the folder tree.
#include "storage/maildir/maildir_storage.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>

#include "core/unique_fd.hpp"
#include "storage/file_util.hpp"
#include "storage/mailbox_name.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

constexpr std::string_view kTrashPrefix = "..roost-deleted.";

// Files a mailbox keeps beside (or instead of) its mail in control and index directories.
constexpr std::string_view kControlFiles[] = {
    "dovecot-uidlist", "dovecot-keywords",  "roost-index",         "maildirfolder",
    "dovecot.index",   "dovecot.index.log", "dovecot.index.log.2", "dovecot.index.cache",
    "roost-cache",
};

std::string join_path(const std::string& root, const std::string& rel)
{
    return rel.empty() ? root : root + "/" + rel;
}

// Subdirectory names of `dir` (no dot entries).
std::vector<std::string> subdirectories(const std::string& dir, bool include_hidden)
{
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return out;
    }
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name(e->d_name);
        if (name == "." || name == ".." || (!include_hidden && name[0] == '.')) {
            continue;
        }
        bool is_dir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
            struct stat st {};
            is_dir = ::fstatat(::dirfd(d), e->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
        }
        if (is_dir) {
            out.emplace_back(name);
        }
    }
    ::closedir(d);
    return out;
}

std::string trash_name()
{
    return std::string(kTrashPrefix) + std::to_string(::getpid()) + "." +
           std::to_string(next_unique_counter());
}

}  // namespace

MaildirStorage::MaildirStorage(MailLocation location, StorageSettings settings, LayoutKind layout)
    : Storage(std::move(location), std::move(settings)), layout_(layout)
{
    maildir_options_.locks = this->settings().locks;
    maildir_options_.fsync = this->settings().fsync;
}

Result<std::unique_ptr<Storage>> open_maildir_storage(MailLocation location,
                                                      const StorageSettings& settings)
{
    LayoutKind layout = LayoutKind::MaildirPlusPlus;
    if (location.layout == "fs") {
        layout = LayoutKind::Fs;
    } else if (!location.layout.empty() && location.layout != "maildir++") {
        return storage_error(StorageError::BadLocation,
                             "unsupported Maildir LAYOUT=" + location.layout);
    }
    if (location.root.empty() || location.root[0] != '/') {
        return storage_error(StorageError::BadLocation,
                             "Maildir root must be an absolute path: " + location.root);
    }
    while (location.root.size() > 1 && location.root.back() == '/') {
        location.root.pop_back();
    }
    return std::unique_ptr<Storage>(new MaildirStorage(std::move(location), settings, layout));
}

std::string MaildirStorage::control_root() const
{
    return location().control.empty() ? location().root : location().control;
}

std::string MaildirStorage::subscriptions_path() const
{
    return control_root() + "/subscriptions";
}

char MaildirStorage::legacy_subscription_separator() const
{
    return layout_ == LayoutKind::MaildirPlusPlus ? '.' : '/';
}

Result<MaildirPaths> MaildirStorage::paths_of(std::string_view name) const
{
    auto rel = mailbox_directory(layout_, name);
    if (!rel) {
        return rel.error();
    }
    const MailLocation& loc = location();
    MaildirPaths paths;
    const bool inbox_elsewhere = rel->empty() && !loc.inbox.empty();
    paths.mail = inbox_elsewhere ? loc.inbox : join_path(loc.root, *rel);
    paths.control = loc.control.empty() ? paths.mail : join_path(loc.control, *rel);
    if (loc.index == "MEMORY") {
        paths.index.clear();
    } else if (loc.index.empty()) {
        paths.index = paths.mail;
    } else {
        paths.index = join_path(loc.index, *rel);
    }
    paths.uidvalidity_dir = control_root();
    return paths;
}

Result<void> MaildirStorage::make_maildir(const std::string& dir, bool folder_marker) const
{
    const mode_t mode = is_directory(location().root) ? directory_mode(location().root) : 0700;
    auto made = ensure_directories(dir, mode);
    if (!made) {
        return made;
    }
    for (const char* sub : {"tmp", "new", "cur"}) {
        made = ensure_directory(dir + "/" + sub, mode);
        if (!made) {
            return made;
        }
    }
    if (folder_marker) {
        UniqueFd fd(::open((dir + "/maildirfolder").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC,
                           file_mode_for_directory(dir)));
        if (!fd) {
            return storage_errno_error("open(" + dir + "/maildirfolder)");
        }
    }
    return {};
}

Result<void> MaildirStorage::ensure_inbox() const
{
    auto paths = paths_of("INBOX");
    if (!paths) {
        return paths.error();
    }
    if (is_directory(paths->mail + "/cur")) {
        return {};
    }
    return make_maildir(paths->mail, false);
}

Result<std::vector<std::string>> MaildirStorage::mailbox_directories() const
{
    std::vector<std::string> rels;
    const std::string& root = location().root;
    if (layout_ == LayoutKind::MaildirPlusPlus) {
        for (const std::string& name : subdirectories(root, true)) {
            if (name.size() > 1 && name[0] == '.' && name[1] != '.') {
                rels.push_back(name);
            }
        }
        return rels;
    }
    // fs: walk the tree; every directory below the root that is not new/cur/tmp is a mailbox
    // or a parent of some.
    std::vector<std::string> pending{""};
    while (!pending.empty()) {
        const std::string rel = std::move(pending.back());
        pending.pop_back();
        for (const std::string& name : subdirectories(join_path(root, rel), false)) {
            if (is_reserved_maildir_name(name)) {
                continue;
            }
            const std::string child = rel.empty() ? name : rel + "/" + name;
            rels.push_back(child);
            pending.push_back(child);
        }
    }
    return rels;
}

Result<std::vector<MailboxListEntry>> MaildirStorage::list_mailboxes()
{
    auto rels = mailbox_directories();
    if (!rels) {
        return rels.error();
    }
    std::map<std::string, MailboxListEntry> found;
    found["INBOX"] = MailboxListEntry{"INBOX", true, false};
    for (const std::string& rel : *rels) {
        const auto name = mailbox_name_of_directory(layout_, rel);
        if (!name) {
            continue;
        }
        auto& entry = found[*name];
        entry.name = *name;
        entry.selectable =
            *name == "INBOX" || is_directory(join_path(location().root, rel) + "/cur");
        // Every parent level exists at least as a \Noselect name.
        for (auto pos = name->rfind(kHierarchySeparator); pos != std::string::npos && pos > 0;
             pos = name->rfind(kHierarchySeparator, pos - 1)) {
            const std::string parent = name->substr(0, pos);
            auto [it, inserted] = found.try_emplace(parent, MailboxListEntry{parent, false, true});
            it->second.has_children = true;
            if (pos == 0) {
                break;
            }
        }
    }
    std::vector<MailboxListEntry> out;
    out.push_back(found["INBOX"]);
    for (auto& [name, entry] : found) {
        if (name != "INBOX") {
            out.push_back(entry);
        }
    }
    return out;
}

Result<void> MaildirStorage::create_mailbox(std::string_view name)
{
    const std::string canonical = canonical_mailbox_name(name);
    auto paths = paths_of(canonical);
    if (!paths) {
        return paths.error();
    }
    if (canonical == "INBOX" || is_directory(paths->mail + "/cur")) {
        return storage_error(StorageError::Exists, "mailbox " + canonical + " already exists");
    }
    if (!is_directory(location().root)) {
        auto inbox = ensure_inbox();
        if (!inbox) {
            return inbox;
        }
    }
    auto made = make_maildir(paths->mail, layout_ == LayoutKind::MaildirPlusPlus);
    if (!made) {
        return made;
    }
    // Give it its UIDVALIDITY now, as Dovecot does, so a later first open does not race.
    auto box = MaildirMailbox::open(canonical, *paths, OpenOptions{false, true}, maildir_options_);
    if (!box) {
        return box.error();
    }
    auto synced = (*box)->sync();
    if (!synced) {
        return synced.error();
    }
    return {};
}

Result<void> MaildirStorage::delete_mailbox(std::string_view name)
{
    const std::string canonical = canonical_mailbox_name(name);
    if (canonical == "INBOX") {
        return storage_error(StorageError::NotPossible, "INBOX cannot be deleted");
    }
    auto paths = paths_of(canonical);
    if (!paths) {
        return paths.error();
    }
    if (!is_directory(paths->mail + "/cur")) {
        return storage_error(StorageError::NotFound, "mailbox " + canonical + " does not exist");
    }
    bool has_children = false;
    if (layout_ == LayoutKind::Fs) {
        const std::vector<std::string> subs = subdirectories(paths->mail, false);
        has_children = std::any_of(subs.begin(), subs.end(), [](const std::string& n) {
            return !is_reserved_maildir_name(n);
        });
    }
    if (!has_children) {
        // Move it out of sight first, so nobody sees a half-deleted mailbox.
        const std::string parent = paths->mail.substr(0, paths->mail.find_last_of('/'));
        const std::string trash = parent + "/" + trash_name();
        if (::rename(paths->mail.c_str(), trash.c_str()) < 0) {
            if (errno == ENOENT) {
                return storage_error(StorageError::NotFound,
                                     "mailbox " + canonical + " does not exist");
            }
            return storage_errno_error("rename(" + paths->mail + ")");
        }
        auto removed = remove_tree(trash);
        if (!removed) {
            return removed;
        }
    } else {
        // The children stay: drop only the mailbox's own parts.
        for (const char* sub : {"cur", "new", "tmp"}) {
            auto removed = remove_tree(paths->mail + "/" + sub);
            if (!removed) {
                return removed;
            }
        }
        for (const std::string_view file : kControlFiles) {
            ::unlink((paths->mail + "/" + std::string(file)).c_str());
        }
    }
    for (const std::string& dir : {paths->control, paths->index}) {
        if (dir.empty() || dir == paths->mail) {
            continue;
        }
        for (const std::string_view file : kControlFiles) {
            ::unlink((dir + "/" + std::string(file)).c_str());
        }
        ::rmdir(dir.c_str());  // succeeds only when nothing else (children) is left
    }
    return {};
}

Result<void> MaildirStorage::rename_mailbox(std::string_view from, std::string_view to)
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
    auto old_rel = mailbox_directory(layout_, old_name);
    auto new_rel = mailbox_directory(layout_, new_name);
    if (!old_rel) {
        return old_rel.error();
    }
    if (!new_rel) {
        return new_rel.error();
    }
    auto listed = list_mailboxes();
    if (!listed) {
        return listed.error();
    }
    bool source_found = false;
    for (const MailboxListEntry& e : *listed) {
        if (e.name == new_name || e.name.starts_with(new_name + kHierarchySeparator)) {
            return storage_error(StorageError::Exists, "mailbox " + new_name + " already exists");
        }
        if (e.name == old_name || e.name.starts_with(old_name + kHierarchySeparator)) {
            source_found = true;
        }
    }
    if (!source_found) {
        return storage_error(StorageError::NotFound, "mailbox " + old_name + " does not exist");
    }
    const MailLocation& loc = location();
    std::vector<std::string> roots{loc.root};
    if (!loc.control.empty()) {
        roots.push_back(loc.control);
    }
    if (!loc.index.empty() && loc.index != "MEMORY") {
        roots.push_back(loc.index);
    }
    for (const std::string& root : roots) {
        if (layout_ == LayoutKind::Fs) {
            const std::string src = root + "/" + *old_rel;
            const std::string dst = root + "/" + *new_rel;
            if (!is_directory(src)) {
                continue;
            }
            auto parent =
                ensure_directories(dst.substr(0, dst.find_last_of('/')), directory_mode(root));
            if (!parent) {
                return parent;
            }
            if (::rename(src.c_str(), dst.c_str()) < 0) {
                return storage_errno_error("rename(" + src + ", " + dst + ")");
            }
            continue;
        }
        // Maildir++: the folder and each child are separate directories ".A", ".A.B" ...
        for (const std::string& dir : subdirectories(root, true)) {
            if (dir != *old_rel && !dir.starts_with(*old_rel + ".")) {
                continue;
            }
            const std::string target = *new_rel + dir.substr(old_rel->size());
            const std::string src = root + "/" + dir;
            const std::string dst = root + "/" + target;
            if (::rename(src.c_str(), dst.c_str()) < 0) {
                return storage_errno_error("rename(" + src + ", " + dst + ")");
            }
        }
    }
    return {};
}

Result<std::unique_ptr<Mailbox>> MaildirStorage::open_mailbox(std::string_view name,
                                                              const OpenOptions& options)
{
    const std::string canonical = canonical_mailbox_name(name);
    auto paths = paths_of(canonical);
    if (!paths) {
        return paths.error();
    }
    if (canonical == "INBOX") {
        auto inbox = ensure_inbox();
        if (!inbox) {
            return inbox.error();
        }
    }
    auto box = MaildirMailbox::open(canonical, std::move(paths.value()), options, maildir_options_);
    if (!box) {
        return box.error();
    }
    return std::unique_ptr<Mailbox>(std::move(box.value()));
}

}  // namespace roost::storage::maildir
