// The logged-in IMAP session of one client in its worker process (RFC 3501 / 9051 authenticated
// and selected states). Blocking I/O: the process serves only this client.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "imap/proto/imap_receiver.hpp"
#include "imap/worker/capabilities.hpp"
#include "imap/worker/session_namespaces.hpp"
#include "storage/quota.hpp"
#include "storage/storage.hpp"

namespace roost::imap {

struct ImapSettings {
    std::chrono::milliseconds autologout{std::chrono::minutes(30)};  // RFC 3501 5.4
    std::chrono::milliseconds idle_notify{std::chrono::minutes(2)};  // "* OK Still here"
    std::chrono::milliseconds idle_check{std::chrono::seconds(30)};  // IDLE's poll fallback
    proto::ReceiverLimits limits;
    CapabilityOptions capabilities;
    std::string id_name = "Roost";
    std::string logout_format = "in=%i out=%o";  // imap_logout_format
    // RFC 6154 attributes of folders, from the inbox namespace's mailbox blocks: storage name
    // in its storage -> "\\Sent" ...
    std::map<std::string, std::vector<std::string>> special_use;
    // The user's quota rules when mail_plugins has quota (none: "No quota."; APPEND and COPY
    // are checked against them) and the root's name (QUOTA, RFC 9208, with capabilities.quota).
    std::optional<storage::Quota> quota;
    std::string quota_root;
    // The NO [OVERQUOTA] text of APPEND and COPY (quota_exceeded_message).
    std::string quota_exceeded_message = "Quota exceeded (mailbox for user is full)";
};

// Serves the client on `fd` until it logs out, goes away or times out. `pending` is input that
// came with the hand-off; `login_tag` is the tag of the client's LOGIN / AUTHENTICATE, which
// this session answers OK first.
// `namespaces` are the private namespaces served (at least one; their storages are not owned).
void run_imap_session(int fd, std::string pending, const std::string& login_tag,
                      std::vector<SessionNamespace> namespaces, const ImapSettings& settings);

}  // namespace roost::imap
