// MaildirStorage: a Maildir tree (Maildir++ or LAYOUT=fs) as a Storage: listing, creating,
// deleting and renaming folders the way Dovecot lays them out, so both can share the tree.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/maildir/maildir_layout.hpp"
#include "storage/maildir/maildir_mailbox.hpp"
#include "storage/storage.hpp"

namespace roost::storage::maildir {

class MaildirStorage final : public Storage {
public:
    MaildirStorage(MailLocation location, StorageSettings settings, LayoutKind layout);

    Result<std::vector<MailboxListEntry>> list_mailboxes() override;
    Result<void> create_mailbox(std::string_view name) override;
    Result<void> delete_mailbox(std::string_view name) override;
    Result<void> rename_mailbox(std::string_view from, std::string_view to) override;
    Result<std::unique_ptr<Mailbox>> open_mailbox(std::string_view name,
                                                  const OpenOptions& options) override;

    LayoutKind layout() const { return layout_; }
    // Where mailbox `name` keeps its mail, control and index files.
    Result<MaildirPaths> paths_of(std::string_view name) const;

protected:
    std::string subscriptions_path() const override;
    char legacy_subscription_separator() const override;

private:
    // Creates new/ cur/ tmp/ (and Maildir++'s maildirfolder marker) in `dir`.
    Result<void> make_maildir(const std::string& dir, bool folder_marker) const;
    Result<void> ensure_inbox() const;
    // Every mailbox directory below the root, relative to it.
    Result<std::vector<std::string>> mailbox_directories() const;
    std::string control_root() const;

    LayoutKind layout_;
    MaildirOptions maildir_options_;
};

// The "maildir" driver of open_storage(): LAYOUT= may be empty, "maildir++" or "fs".
Result<std::unique_ptr<Storage>> open_maildir_storage(MailLocation location,
                                                      const StorageSettings& settings);

}  // namespace roost::storage::maildir
