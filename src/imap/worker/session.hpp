// Session: the state of one logged-in client and its command handlers, one file per group of
// commands (session_commands.cpp, mailbox_commands.cpp, list_command.cpp, append_command.cpp,
// fetch_command.cpp, search_command.cpp, store_command.cpp, copy_command.cpp, idle_command.cpp,
// quota_command.cpp).
// The dispatcher (imap_session.cpp) checks the state, runs the handler, sends the pending
// mailbox updates where RFC 3501 allows them, then the tagged reply.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "imap/proto/imap_command.hpp"
#include "imap/proto/response.hpp"
#include "imap/proto/response_data.hpp"
#include "imap/worker/connection.hpp"
#include "imap/worker/imap_session.hpp"
#include "imap/worker/reply.hpp"
#include "imap/worker/session_counts.hpp"
#include "imap/worker/session_namespaces.hpp"
#include "mail/message_part.hpp"
#include "storage/namespace_names.hpp"
#include "storage/storage.hpp"

namespace roost::imap {

class Session {
public:
    // `namespaces` (at least one, storages not owned) are the private namespaces served.
    Session(Connection& conn, std::vector<SessionNamespace> namespaces, const ImapSettings& settings);

    // Feeds `pending`, answers the login command, then serves commands until the end.
    void run(std::string pending, const std::string& login_tag);

    // Handlers: each writes its untagged data and returns the tagged reply.
    Reply cmd_capability(proto::ParsedCommand& cmd);
    Reply cmd_noop(proto::ParsedCommand& cmd);
    Reply cmd_logout(proto::ParsedCommand& cmd);
    Reply cmd_id(proto::ParsedCommand& cmd);
    Reply cmd_enable(proto::ParsedCommand& cmd);
    Reply cmd_namespace(proto::ParsedCommand& cmd);
    Reply cmd_select(proto::ParsedCommand& cmd);
    Reply cmd_create(proto::ParsedCommand& cmd);
    Reply cmd_delete(proto::ParsedCommand& cmd);
    Reply cmd_rename(proto::ParsedCommand& cmd);
    Reply cmd_subscribe(proto::ParsedCommand& cmd);
    Reply cmd_list(proto::ParsedCommand& cmd);
    Reply cmd_status(proto::ParsedCommand& cmd);
    Reply cmd_append(proto::ParsedCommand& cmd);
    Reply cmd_idle(proto::ParsedCommand& cmd);
    Reply cmd_close(proto::ParsedCommand& cmd);
    Reply cmd_expunge(proto::ParsedCommand& cmd);
    Reply cmd_search(proto::ParsedCommand& cmd);
    Reply cmd_fetch(proto::ParsedCommand& cmd);
    Reply cmd_store(proto::ParsedCommand& cmd);
    Reply cmd_copy(proto::ParsedCommand& cmd);
    Reply cmd_getquotaroot(proto::ParsedCommand& cmd);
    Reply cmd_getquota(proto::ParsedCommand& cmd);
    Reply cmd_setquota(proto::ParsedCommand& cmd);

private:
    friend struct Dispatcher;

    // --- shared by handlers (imap_session.cpp) ---
    std::string& out() { return conn_.out(); }
    bool selected() const { return box_ != nullptr; }
    // A mailbox a client names: its namespace and storage name. `root` is a namespace's root
    // ("mail" for prefix "mail/"), which holds no messages (name empty).
    struct Target {
        const SessionNamespace* ns = nullptr;
        std::string name;
        bool root = false;
        storage::Storage& storage() const { return *ns->storage; }
    };
    // The mailbox `client_name` names; nullopt for a name outside every namespace or one its
    // storage cannot hold (answer invalid_name()).
    std::optional<Target> target(const std::string& client_name) const;
    // The NO for a name target() refused.
    Reply invalid_name(const std::string& client_name) const;
    // The client form of an inbox namespace's storage name.
    std::string client_name(const std::string& storage_name) const;
    // Whether `t` is the selected mailbox.
    bool is_selected(const Target& t) const;
    // imap_logout_format expanded with this session's counts.
    std::string logout_line();
    // A storage failure as a NO, logging internal ones.
    Reply failure(const Error& error, const std::string& mailbox);
    // Message numbers (ascending) that a set names: sequence numbers, or UIDs with `uid`,
    // "$" being the saved SEARCH result. nullopt (and `bad` set) for a sequence number
    // beyond the mailbox.
    std::optional<std::vector<std::uint32_t>> resolve(const proto::SequenceSet& set, bool uid, Reply& bad);
    std::vector<std::string> message_flags(std::uint32_t seq) const;
    // "* n FETCH (FLAGS (...) [UID u] [MODSEQ (m)])" for a flag change.
    void send_flags_fetch(std::uint32_t seq, bool with_uid);
    // FLAGS and PERMANENTFLAGS of the selected mailbox.
    void send_mailbox_flags();
    // Takes in other processes' changes and reports them (EXPUNGE, EXISTS, RECENT, FETCH).
    void sync_and_report();
    void report_sync(const storage::SyncResult& changes);
    // Expunged messages as "* n EXPUNGE" (`seqs_in_order`), or once QRESYNC is enabled as one
    // "* VANISHED" of their `uids`.
    void report_expunges(const std::vector<std::uint32_t>& seqs_in_order, const std::vector<std::uint32_t>& uids);
    void close_mailbox();
    // The STATUS items of a mailbox (storage name) into `data`; a non-OK reply on failure (a
    // BAD with empty text for items this server does not serve).
    Reply status_items(const Target& box, const std::vector<proto::StatusItem>& items,
                       proto::StatusData& data);
    Reply list_subscribed(const proto::ListArgs& args);
    // LIST of one namespace's mailboxes and root (list_command.cpp); a NO when its storage
    // cannot list.
    std::optional<Reply> list_namespace(const SessionNamespace& ns, const proto::ListArgs& args,
                                        std::set<std::string>& listed);
    std::optional<Reply> list_subscribed_namespace(const SessionNamespace& ns, const proto::ListArgs& args,
                                                   std::set<std::string>& listed);
    // Whether LIST with `pattern` (reference included) shows `ns`'s mailboxes at all.
    bool lists_namespace(const SessionNamespace& ns, const std::string& pattern) const;
    std::uint32_t recent_count() const;
    // QUOTA (quota_command.cpp): whether the user's rules set a limit, and the root's
    // resources (a NO when counting the mail failed).
    bool has_quota_root() const;
    std::optional<Reply> quota_data(proto::QuotaData& data);
    // APPEND / COPY (quota_check.cpp): the NO ([OVERQUOTA], or [LIMIT] for a message over
    // quota_max_mail_size) when saving `messages` messages of `bytes` bytes together, the
    // largest `largest` bytes, into `mailbox` (storage name) breaks the user's quota.
    std::optional<Reply> quota_refusal(const std::string& mailbox, std::uint64_t messages, std::uint64_t bytes,
                                       std::uint64_t largest);
    // The NO for a synchronising APPEND literal that will not fit the quota, before "+" asks
    // the client for it (append_command.cpp); nullopt: ask for it.
    std::optional<Reply> refuse_literal_early(const proto::LiteralContinuation& literal);
    // QRESYNC (qresync.cpp): after SELECT / EXAMINE, with QRESYNC parameters their VANISHED
    // (EARLIER) and FETCH; the VANISHED (EARLIER) of UID FETCH (CHANGEDSINCE n VANISHED) for
    // `set`; VANISHED for expunges; the mailbox's HIGHESTMODSEQ when the client has not been
    // shown it yet, in the tagged OK (add_) or untagged during IDLE (send_).
    void qresync_selected(const std::optional<proto::QresyncParams>& params);
    void send_vanished_earlier(const proto::SequenceSet& set);
    void report_vanished(const std::vector<std::uint32_t>& uids);
    void add_highest_modseq(Reply& reply);
    void send_highest_modseq();
    // A MODSEQ the client was shown (FETCH MODSEQ, [HIGHESTMODSEQ]).
    void shown_modseq(std::uint64_t modseq) { shown_modseq_ = std::max(shown_modseq_, modseq); }

    // --- the message being read, kept for the next FETCH / SEARCH of the same message ---
    struct LoadedMessage {
        std::uint32_t uid = 0;
        std::string data;
        mail::MessageStructure structure;
    };
    Result<const LoadedMessage*> load_message(std::uint32_t uid);

    // --- state ---
    Connection& conn_;
    std::vector<SessionNamespace> namespaces_;  // config order, sorted by `order`
    const SessionNamespace& inbox_ns_;          // INBOX, the quota, the mailbox blocks
    storage::Storage& storage_;                 // the inbox namespace's
    const ImapSettings& settings_;
    proto::ImapReceiver receiver_;
    proto::ParseContext context_;
    bool rev2_ = false;       // ENABLE IMAP4rev2
    bool utf8_ = false;       // IMAP4rev2 or UTF8=ACCEPT: UTF-8 names and strings
    bool condstore_ = false;  // ENABLE CONDSTORE, SELECT (CONDSTORE) or a MODSEQ use
    bool qresync_ = false;    // ENABLE QRESYNC (which enables CONDSTORE too)
    std::uint64_t shown_modseq_ = 0;  // the highest MODSEQ of the mailbox the client was shown
    bool logout_ = false;
    bool hangup_ = false;  // the connection is over (client gone, autologout): no tagged reply

    std::unique_ptr<storage::Mailbox> box_;
    const SessionNamespace* box_ns_ = nullptr;  // the selected mailbox's namespace
    std::string box_client_name_;
    std::uint32_t reported_exists_ = 0;
    std::uint32_t reported_recent_ = 0;
    std::size_t reported_keywords_ = 0;
    std::vector<std::uint32_t> saved_uids_;  // SEARCHRES "$" (UIDs)
    std::optional<LoadedMessage> loaded_;
    SessionCounts counts_;  // for the logout line
};

}  // namespace roost::imap
