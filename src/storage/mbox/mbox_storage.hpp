// MboxStorage: an mbox tree as Dovecot lays it out: each mailbox is a file under the root
// (~/mail/Foo), levels are directories (~/mail/Foo/Bar), INBOX is INBOX= (such as
// /var/mail/%u) or <root>/inbox, subscriptions are <root>/.subscriptions and indexes live in
// <root>/.imap/<name>/ unless INDEX= says otherwise.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/mbox/mbox_mailbox.hpp"
#include "storage/storage.hpp"

namespace roost::storage::mbox {

class MboxStorage final : public Storage {
public:
    MboxStorage(MailLocation location, StorageSettings settings, MboxOptions options);

    Result<std::vector<MailboxListEntry>> list_mailboxes() override;
    Result<void> create_mailbox(std::string_view name) override;
    Result<void> delete_mailbox(std::string_view name) override;
    Result<void> rename_mailbox(std::string_view from, std::string_view to) override;
    Result<std::unique_ptr<Mailbox>> open_mailbox(std::string_view name,
                                                  const OpenOptions& options) override;

    // The file and index directory of mailbox `name`.
    Result<MboxPaths> paths_of(std::string_view name) const;

protected:
    std::string subscriptions_path() const override;
    char legacy_subscription_separator() const override { return '/'; }

private:
    // The path of `name` below the root ("Foo/Bar" in modified UTF-7), not for INBOX.
    Result<std::string> relative_path(std::string_view name) const;

    MboxOptions options_;
};

// The "mbox" driver of open_storage().
Result<std::unique_ptr<Storage>> open_mbox_storage(MailLocation location,
                                                   const StorageSettings& settings);

}  // namespace roost::storage::mbox
