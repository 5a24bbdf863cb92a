// Storage's shared parts (STATUS, subscriptions) and the table of backends.
#include "storage/storage.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "storage/file_util.hpp"
#include "storage/mailbox_name.hpp"
#include "storage/maildir/maildir_storage.hpp"
#include "storage/mbox/mbox_storage.hpp"
#include "storage/storage_error.hpp"
#include "storage/subscriptions.hpp"

namespace roost::storage {
namespace {

using Factory = Result<std::unique_ptr<Storage>> (*)(MailLocation, const StorageSettings&);

struct Backend {
    std::string_view driver;
    Factory open;
};

// Backends register here by driver name (STYLE.md #5).
constexpr Backend kBackends[] = {
    {"maildir", &maildir::open_maildir_storage},
    {"mbox", &mbox::open_mbox_storage},
};

}  // namespace

Result<std::unique_ptr<Storage>> open_storage(const StorageSettings& settings)
{
    auto location = parse_mail_location(settings.mail_location, settings.variables);
    if (!location) {
        return location.error();
    }
    for (const Backend& backend : kBackends) {
        if (backend.driver == location->driver) {
            return backend.open(std::move(location.value()), settings);
        }
    }
    return storage_error(StorageError::BadLocation,
                         "unsupported mail storage driver '" + location->driver + "'");
}

std::vector<std::string> storage_drivers()
{
    std::vector<std::string> names;
    for (const Backend& backend : kBackends) {
        names.emplace_back(backend.driver);
    }
    return names;
}

Result<MailboxStatus> Storage::mailbox_status(std::string_view name, bool with_vsize)
{
    OpenOptions options;
    options.read_only = true;
    auto box = open_mailbox(name, options);
    if (!box) {
        return box.error();
    }
    return (*box)->status(with_vsize);
}

Result<std::vector<std::string>> Storage::subscriptions()
{
    auto data = read_file(subscriptions_path());
    if (!data) {
        if (storage_code_of(data.error()) == StorageError::NotFound) {
            return std::vector<std::string>{};
        }
        return data.error();
    }
    return parse_subscriptions(*data, legacy_subscription_separator());
}

Result<void> Storage::set_subscribed(std::string_view name, bool subscribed)
{
    auto levels = split_mailbox_name(name);
    if (!levels) {
        return levels.error();
    }
    const std::string canonical = canonical_mailbox_name(name);
    const std::string path = subscriptions_path();
    const auto slash = path.find_last_of('/');
    const std::string dir = path.substr(0, slash);
    auto made = ensure_directories(dir, 0700);
    if (!made) {
        return made;
    }
    auto lock = Dotlock::acquire(path + ".lock", settings_.locks);
    if (!lock) {
        return lock.error();
    }
    auto current = subscriptions();
    if (!current) {
        return current.error();
    }
    std::vector<std::string> names = std::move(current.value());
    const auto it = std::find(names.begin(), names.end(), canonical);
    if ((it != names.end()) == subscribed) {
        return {};
    }
    if (subscribed) {
        names.push_back(canonical);
    } else {
        names.erase(it);
    }
    auto written = write_file_atomic(path, serialize_subscriptions(names),
                                     file_mode_for_directory(dir), settings_.fsync);
    if (!written) {
        return written;
    }
    return lock->release();
}

}  // namespace roost::storage
