// The `mailbox NAME { special_use auto }` blocks of the inbox namespace (15-mailboxes.conf):
// which folders clients are told are Sent, Trash, Drafts ... (RFC 6154), and which every user
// gets created, or created and subscribed, when a session starts.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "storage/namespace_names.hpp"
#include "storage/storage.hpp"

namespace roost::worker {

struct MailboxDefault {
    std::string name;                      // storage name: '/' between levels
    std::vector<std::string> special_use;  // "\\Sent", ...
    enum class Auto { No, Create, Subscribe } autocreate = Auto::No;
};

// The blocks of the namespace with inbox = yes (or of the only namespace), in file order. Names
// are given with the namespace's separator (or '/' when it has none).
std::vector<MailboxDefault> mailbox_defaults(const config::Config& cfg);

// The inbox namespace's `prefix` and `separator` as written (empty when unset or when there is
// no such namespace).
struct NamespaceNames {
    std::string prefix;
    std::string separator;
};
NamespaceNames inbox_namespace_names(const config::Config& cfg);

// How clients, scripts and admins name this storage's folders: the inbox namespace's prefix, and
// its separator or else the storage's default one.
storage::NamespaceNames inbox_names(const config::Config& cfg, const storage::MailLocation& location);

// Creates the auto = create / subscribe folders that do not exist yet and subscribes the
// auto = subscribe ones that are not subscribed. Nothing happens to folders that are there.
Result<void> apply_mailbox_defaults(storage::Storage& storage, const std::vector<MailboxDefault>& defaults);

}  // namespace roost::worker
