// Carries out what Sieve decided (or the plain delivery to -m / INBOX): stores the message in
// mailboxes, sends redirects, vacation responses, notifications and rejections through the
// MailSender, and records vacation and duplicate tracking once the message is safe.
// A store that fails because the mailbox is missing falls back to INBOX, as dovecot-lda does;
// any other storage failure is a temporary failure (exit 75) and the MTA tries again.
// A redirect that fails temporarily before anything was stored or sent is one too, with
// nothing stored, as in Pigeonhole; after that, a failed redirect keeps the message in INBOX.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "lda/mail_sender.hpp"
#include "lda/sieve_delivery.hpp"
#include "lda/tracking_store.hpp"
#include "storage/namespace_names.hpp"
#include "storage/quota.hpp"
#include "storage/storage.hpp"

namespace roost::lda {

struct DeliverySettings {
    bool mailbox_autocreate = false;     // lda_mailbox_autocreate
    bool mailbox_autosubscribe = false;  // lda_mailbox_autosubscribe
    storage::NamespaceNames names;       // the inbox namespace, as scripts and -m name folders
    std::string postmaster_address;
    std::string hostname;
    std::string rejection_subject;
    std::string rejection_reason;
    std::string redirect_envelope_from = "sender";  // sieve_redirect_envelope_from
    const storage::Quota* quota = nullptr;          // null: no quota plugin
    std::string quota_exceeded_message;
};

struct DeliveryEnvelope {
    std::string user;                // the user delivered to
    std::string sender;              // envelope sender ("" = null)
    std::string original_recipient;  // -a
    std::string final_recipient;     // -r (or -a)
};

struct DeliveryOutcome {
    std::vector<std::string> log;  // one line per action: "stored mail into mailbox 'X'" ...
    std::vector<std::string> stored_in;  // mailboxes the message went to
};

class ActionExecutor {
public:
    ActionExecutor(storage::Storage& storage, MailSender& sender, TrackingStore& tracking,
                   DeliverySettings settings, DeliveryEnvelope envelope, std::int64_t now, int zone_minutes)
        : storage_(storage),
          sender_(sender),
          tracking_(tracking),
          settings_(std::move(settings)),
          envelope_(std::move(envelope)),
          now_(now),
          zone_minutes_(zone_minutes)
    {
    }

    // Carries out the decision against `message`: fileinto stores, then redirects, rejections,
    // vacation responses and notifications in script order, then keeps. An Error means the
    // delivery must be retried (nothing was lost; after a storage failure some copies may
    // already be stored; after a deferred redirect nothing is stored, sent or recorded).
    Result<DeliveryOutcome> execute(const SieveDecision& decision, const std::string& message);

    // A delivery without Sieve: into `mailbox` ("" = INBOX), falling back to INBOX.
    Result<DeliveryOutcome> deliver_plain(const std::string& mailbox, const std::string& message);

    // Mails a rejection (an MDN) of `message` to the envelope sender; nothing for the null
    // sender. Returns what to log.
    Result<std::string> send_rejection(const std::string& reason, const std::string& message);

private:
    // Stores into `mailbox` (script name, with the namespace separator), falling back to INBOX.
    Result<std::string> store(const std::string& mailbox, bool create, const std::vector<std::string>& flags,
                              const std::string& message, DeliveryOutcome& out);
    Result<void> append_to(const std::string& storage_name, const std::vector<std::string>& flags,
                           const std::string& message);
    // NoQuota when the quota does not let the message into `storage_name`.
    Result<void> check_quota(const std::string& storage_name, std::uint64_t size);
    std::string redirect_from() const;

    storage::Storage& storage_;
    MailSender& sender_;
    TrackingStore& tracking_;
    DeliverySettings settings_;
    DeliveryEnvelope envelope_;
    std::int64_t now_;
    int zone_minutes_;
    std::optional<storage::QuotaUsage> usage_;  // counted at the first save, then kept up to date
};

}  // namespace roost::lda
