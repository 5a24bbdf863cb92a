// Mailbox name checks.
#include "storage/mailbox_name.hpp"

#include "core/strings.hpp"
#include "mail/utf8.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage {
bool is_inbox_name(std::string_view name)
{
    return iequals(name, "INBOX");
}

std::string canonical_mailbox_name(std::string_view name)
{
    const auto sep = name.find(kHierarchySeparator);
    const std::string_view first = name.substr(0, sep);
    if (!is_inbox_name(first)) {
        return std::string(name);
    }
    std::string out = "INBOX";
    if (sep != std::string_view::npos) {
        out += name.substr(sep);
    }
    return out;
}

Result<std::vector<std::string>> split_mailbox_name(std::string_view name)
{
    if (name.empty()) {
        return storage_error(StorageError::BadName, "empty mailbox name");
    }
    if (!mail::is_valid_utf8(name)) {
        return storage_error(StorageError::BadName, "mailbox name is not valid UTF-8");
    }
    std::vector<std::string> levels;
    for (const std::string_view level : split(name, kHierarchySeparator)) {
        if (level.empty()) {
            return storage_error(StorageError::BadName,
                                 "mailbox name has an empty level: " + std::string(name));
        }
        if (level == "." || level == "..") {
            return storage_error(StorageError::BadName,
                                 "mailbox name level may not be . or ..: " + std::string(name));
        }
        for (const char c : level) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f) {
                return storage_error(StorageError::BadName, "mailbox name has a control character");
            }
        }
        levels.emplace_back(level);
    }
    return levels;
}

}  // namespace roost::storage
