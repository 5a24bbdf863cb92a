// Mapping mailbox names to Maildir directories and back.
#include "storage/maildir/maildir_layout.hpp"

#include "core/strings.hpp"
#include "storage/mailbox_name.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {

bool is_reserved_maildir_name(std::string_view level)
{
    return level == "new" || level == "cur" || level == "tmp";
}

Result<std::string> mailbox_directory(LayoutKind layout, std::string_view name)
{
    const std::string canonical = canonical_mailbox_name(name);
    if (canonical == "INBOX") {
        return std::string();
    }
    auto levels = split_mailbox_name(canonical);
    if (!levels) {
        return levels.error();
    }
    std::string rel;
    for (const std::string& level : *levels) {
        const std::string stored = mutf7_encode(level);
        if (layout == LayoutKind::MaildirPlusPlus) {
            if (level.find('.') != std::string::npos) {
                return storage_error(StorageError::BadName,
                                     "mailbox name level may not contain '.': " + canonical);
            }
            rel += '.';
        } else {
            if (is_reserved_maildir_name(stored) || stored.front() == '.') {
                return storage_error(StorageError::BadName,
                                     "mailbox name uses a reserved name: " + canonical);
            }
            if (!rel.empty()) {
                rel += '/';
            }
        }
        rel += stored;
    }
    return rel;
}

std::optional<std::string> mailbox_name_of_directory(LayoutKind layout, std::string_view rel)
{
    std::string_view body = rel;
    char sep = '/';
    if (layout == LayoutKind::MaildirPlusPlus) {
        if (rel.size() < 2 || rel[0] != '.' || rel[1] == '.') {
            return std::nullopt;
        }
        body = rel.substr(1);
        sep = '.';
    }
    std::string name;
    for (const std::string_view level : split(body, sep)) {
        if (level.empty() || level[0] == '.' ||
            (layout == LayoutKind::Fs && is_reserved_maildir_name(level))) {
            return std::nullopt;
        }
        const auto decoded = mutf7_decode(level);
        if (!decoded || decoded->find(kHierarchySeparator) != std::string::npos) {
            return std::nullopt;
        }
        if (!name.empty()) {
            name += kHierarchySeparator;
        }
        name += *decoded;
    }
    if (name.empty()) {
        return std::nullopt;
    }
    return canonical_mailbox_name(name);
}

}  // namespace roost::storage::maildir
