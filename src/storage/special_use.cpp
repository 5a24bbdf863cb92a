// Storage's CREATE-SPECIAL-USE file: read, and changed under a dotlock like the subscriptions.
#include <functional>

#include "storage/dotlock.hpp"
#include "storage/file_util.hpp"
#include "storage/mailbox_name.hpp"
#include "storage/storage.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage {
namespace {

// Beside the subscriptions file, dot-prefixed when it is (mbox: ~/mail/.subscriptions), so
// that no listing takes it for a mailbox.
std::string special_use_path(const std::string& subscriptions)
{
    const auto slash = subscriptions.find_last_of('/');
    const std::string dir = subscriptions.substr(0, slash);
    const bool hidden = subscriptions.compare(slash + 1, 1, ".") == 0;
    return dir + (hidden ? "/.roost-special-use" : "/roost-special-use");
}

Result<SpecialUseMap> read_special_use(const std::string& path)
{
    auto data = read_file(path);
    if (!data) {
        if (storage_code_of(data.error()) == StorageError::NotFound) {
            return SpecialUseMap{};
        }
        return data.error();
    }
    return parse_special_use(*data);
}

// Applies `change` to the file's entries under its lock; writes only when it says so.
Result<void> update_special_use(const std::string& path, const StorageSettings& settings,
                                const std::function<bool(SpecialUseMap&)>& change)
{
    const std::string dir = path.substr(0, path.find_last_of('/'));
    auto current = read_special_use(path);
    if (!current) {
        return current.error();
    }
    SpecialUseMap probe = *current;
    if (!change(probe)) {
        return {};  // nothing to do: no lock, no write (the common CREATE without USE)
    }
    if (auto made = ensure_directories(dir, 0700); !made) {
        return made;
    }
    auto lock = Dotlock::acquire(path + ".lock", settings.locks);
    if (!lock) {
        return lock.error();
    }
    auto entries = read_special_use(path);  // again: another process may have changed it
    if (!entries) {
        return entries.error();
    }
    change(*entries);
    auto written = write_file_atomic(path, serialize_special_use(*entries), file_mode_for_directory(dir),
                                     settings.fsync);
    if (!written) {
        return written;
    }
    return lock->release();
}

}  // namespace

Result<SpecialUseMap> Storage::created_special_use()
{
    return read_special_use(special_use_path(subscriptions_path()));
}

Result<void> Storage::set_created_special_use(std::string_view name, std::vector<std::string> attributes)
{
    const std::string canonical = canonical_mailbox_name(name);
    if (canonical.find_first_of("\t\r\n") != std::string::npos) {
        return storage_error(StorageError::NotPossible, "mailbox name with a control character");
    }
    return update_special_use(special_use_path(subscriptions_path()), settings_, [&](SpecialUseMap& entries) {
        if (attributes.empty()) {
            return entries.erase(canonical) > 0;
        }
        auto& slot = entries[canonical];
        if (slot == attributes) {
            return false;
        }
        slot = attributes;
        return true;
    });
}

Result<void> Storage::rename_created_special_use(std::string_view from, std::string_view to)
{
    const std::string old_name = canonical_mailbox_name(from);
    const std::string new_name = canonical_mailbox_name(to);
    return update_special_use(special_use_path(subscriptions_path()), settings_,
                              [&](SpecialUseMap& entries) { return rename_special_use(entries, old_name, new_name); });
}

}  // namespace roost::storage
