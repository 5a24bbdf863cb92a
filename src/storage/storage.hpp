// Storage: a user's mail as one mail_location describes it, with its mailboxes and
// subscriptions. Backends (maildir/, later mbox/) derive from it and register by driver name.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/dotlock.hpp"
#include "storage/mail_location.hpp"
#include "storage/mailbox.hpp"
#include "storage/special_use_file.hpp"

namespace roost::storage {

// mbox locking, as Dovecot's settings of the same names (defaults are upstream Dovecot's; Debian's
// dovecot-core ships mbox_write_locks = fcntl dotlock).
struct MboxSettings {
    std::vector<std::string> read_locks{"fcntl"};              // mbox_read_locks
    std::vector<std::string> write_locks{"dotlock", "fcntl"};  // mbox_write_locks
    std::chrono::seconds lock_timeout{300};                    // mbox_lock_timeout
    std::chrono::seconds dotlock_change_timeout{120};          // mbox_dotlock_change_timeout
};

struct StorageSettings {
    std::string mail_location;  // "maildir:~/Maildir:LAYOUT=fs" ...
    LocationVariables variables;
    LockSettings locks;
    bool fsync = true;  // fsync mail and control files before acknowledging (mail_fsync)
    MboxSettings mbox;
};

struct MailboxListEntry {
    std::string name;           // storage name: UTF-8, '/' between levels, "INBOX" for the inbox
    bool selectable = true;     // false: only a parent of other mailboxes (\Noselect)
    bool has_children = false;  // \HasChildren / \HasNoChildren
};

class Storage {
public:
    virtual ~Storage() = default;

    const MailLocation& location() const { return location_; }
    const StorageSettings& settings() const { return settings_; }

    // Every mailbox, INBOX first, then the others sorted by name.
    virtual Result<std::vector<MailboxListEntry>> list_mailboxes() = 0;
    // Exists when there is already a selectable mailbox of that name; parents are implied.
    virtual Result<void> create_mailbox(std::string_view name) = 0;
    // Removes the mailbox and its messages; children stay (the name becomes \Noselect).
    // NotPossible for INBOX, NotFound when there is no such mailbox.
    virtual Result<void> delete_mailbox(std::string_view name) = 0;
    // Renames the mailbox and its children. Exists when the new name is taken.
    virtual Result<void> rename_mailbox(std::string_view from, std::string_view to) = 0;
    // Opens (and, unless save_only, syncs) a mailbox. INBOX is created when missing.
    virtual Result<std::unique_ptr<Mailbox>> open_mailbox(std::string_view name,
                                                          const OpenOptions& options) = 0;

    // STATUS: a read-only open that claims nothing (see Mailbox::status for `with_vsize`).
    Result<MailboxStatus> mailbox_status(std::string_view name, bool with_vsize);

    // Subscribed names in file order (whether the mailboxes exist or not).
    Result<std::vector<std::string>> subscriptions();
    Result<void> set_subscribed(std::string_view name, bool subscribed);

    // Special-use attributes given at CREATE (special_use.cpp, special_use_file.hpp): all of
    // them; setting those of one name (none: forgetting it); moving them along with a RENAME.
    Result<SpecialUseMap> created_special_use();
    Result<void> set_created_special_use(std::string_view name, std::vector<std::string> attributes);
    Result<void> rename_created_special_use(std::string_view from, std::string_view to);

protected:
    Storage(MailLocation location, StorageSettings settings)
        : location_(std::move(location)), settings_(std::move(settings))
    {
    }
    // Where the subscriptions file lives and the separator of old (version 1) files.
    virtual std::string subscriptions_path() const = 0;
    virtual char legacy_subscription_separator() const = 0;

private:
    MailLocation location_;
    StorageSettings settings_;
};

// Parses the location and opens the storage of its driver ("maildir"). BadLocation for an
// unknown driver or a location that does not parse.
Result<std::unique_ptr<Storage>> open_storage(const StorageSettings& settings);

// The driver names open_storage() knows.
std::vector<std::string> storage_drivers();

}  // namespace roost::storage
