// The session loop, the one command table and the state shared by the handlers.
#include "imap/worker/imap_session.hpp"

#include <malloc.h>

#include <algorithm>
#include <array>
#include <variant>

#include "core/log.hpp"
#include "imap/proto/response_data.hpp"
#include "imap/worker/capabilities.hpp"
#include "imap/worker/flag_names.hpp"
#include "imap/worker/mailbox_names.hpp"
#include "imap/worker/session.hpp"
#include "mail/message_parser.hpp"

namespace roost::imap {

using proto::CommandId;

// Command flags of the table.
enum : unsigned {
    kNeedsSelected = 1,  // BAD "No mailbox selected." in the authenticated state
    kNoExpunges = 2,     // FETCH, STORE, SEARCH (not their UID forms): no EXPUNGE after them
    kNoSync = 4,         // the handler syncs itself, or there is no mailbox afterwards
};

struct CommandRow {
    CommandId id;
    Reply (Session::*handler)(proto::ParsedCommand&);
    unsigned flags;
};

// The only command table (STYLE.md #1). UID forms share their command's row; commands not here
// (STARTTLS, LOGIN, AUTHENTICATE after login; COMPRESS, METADATA, not implemented)
// are answered BAD.
constexpr std::array<CommandRow, 34> kCommandTable = {{
    {CommandId::Capability, &Session::cmd_capability, 0},
    {CommandId::Noop, &Session::cmd_noop, 0},
    {CommandId::Logout, &Session::cmd_logout, kNoSync},
    {CommandId::Id, &Session::cmd_id, 0},
    {CommandId::Enable, &Session::cmd_enable, 0},
    {CommandId::Namespace, &Session::cmd_namespace, 0},
    {CommandId::Select, &Session::cmd_select, kNoSync},
    {CommandId::Examine, &Session::cmd_select, kNoSync},
    {CommandId::Create, &Session::cmd_create, 0},
    {CommandId::Delete, &Session::cmd_delete, 0},
    {CommandId::Rename, &Session::cmd_rename, 0},
    {CommandId::Subscribe, &Session::cmd_subscribe, 0},
    {CommandId::Unsubscribe, &Session::cmd_subscribe, 0},
    {CommandId::List, &Session::cmd_list, 0},
    {CommandId::Lsub, &Session::cmd_list, 0},
    {CommandId::Status, &Session::cmd_status, 0},
    {CommandId::Append, &Session::cmd_append, 0},
    {CommandId::Idle, &Session::cmd_idle, 0},
    {CommandId::Check, &Session::cmd_noop, kNeedsSelected},
    {CommandId::Close, &Session::cmd_close, kNeedsSelected | kNoSync},
    {CommandId::Unselect, &Session::cmd_close, kNeedsSelected | kNoSync},
    {CommandId::Expunge, &Session::cmd_expunge, kNeedsSelected},
    {CommandId::Search, &Session::cmd_search, kNeedsSelected | kNoExpunges},
    {CommandId::Fetch, &Session::cmd_fetch, kNeedsSelected | kNoExpunges},
    {CommandId::Store, &Session::cmd_store, kNeedsSelected | kNoExpunges},
    {CommandId::Copy, &Session::cmd_copy, kNeedsSelected},
    {CommandId::Move, &Session::cmd_copy, kNeedsSelected},
    {CommandId::GetQuotaRoot, &Session::cmd_getquotaroot, 0},  // BAD unless imap_quota is on
    {CommandId::GetQuota, &Session::cmd_getquota, 0},
    {CommandId::SetQuota, &Session::cmd_setquota, 0},
    // Known to the parser but not served here: answered like an unknown command.
    {CommandId::StartTls, nullptr, 0},
    {CommandId::Login, nullptr, 0},
    {CommandId::Authenticate, nullptr, 0},
    {CommandId::Compress, nullptr, 0},
}};

constexpr int kMaxBadCommands = 20;  // in a row; then the client is dropped, as Dovecot does
// A session quiet this long gives the memory its commands freed back (malloc_trim).
constexpr std::chrono::milliseconds kTrimAfter{1000};

struct Dispatcher {
    // Runs one command and writes its tagged reply; false when it was a BAD.
    static bool run(Session& s, proto::Command&& command)
    {
        const std::string tag = command.tag;
        const std::string name = command.name;
        auto parsed = proto::parse_command(std::move(command), s.context_);
        if (!parsed) {
            const proto::StatusResponse r = proto::response_for(tag, parsed.error());
            r.append_to(s.out());
            return r.status != proto::Status::Bad;
        }
        const CommandRow* row = nullptr;
        for (const CommandRow& r : kCommandTable) {
            if (r.id == parsed->id) {
                row = &r;
                break;
            }
        }
        Reply reply;
        if (row == nullptr || row->handler == nullptr) {
            reply = Reply::bad("Unknown command " + name.substr(0, 40));
        } else if ((row->flags & kNeedsSelected) != 0 && !s.selected()) {
            reply = Reply::bad("No mailbox selected.");
        } else {
            reply = (s.*(row->handler))(*parsed);
            const bool quiet = (row->flags & kNoSync) != 0 || ((row->flags & kNoExpunges) != 0 && !parsed->uid);
            if (s.selected() && !quiet && !s.logout_ && !s.hangup_) {
                s.sync_and_report();
                s.add_highest_modseq(reply);  // QRESYNC (qresync.cpp)
            }
        }
        if (s.hangup_) {
            return true;
        }
        proto::StatusResponse{tag, reply.status, reply.code, reply.text}.append_to(s.out());
        s.conn_.maybe_flush();
        return reply.status != proto::Status::Bad;
    }
};

Session::Session(Connection& conn, std::vector<SessionNamespace> namespaces, const ImapSettings& settings)
    : conn_(conn), namespaces_(std::move(namespaces)), inbox_ns_(namespaces_.at(inbox_index(namespaces_))),
      storage_(*inbox_ns_.storage), settings_(settings), receiver_(settings.limits)
{
}

void Session::run(std::string pending, const std::string& login_tag)
{
    receiver_.feed(pending);
    if (!login_tag.empty()) {
        proto::StatusResponse ok{login_tag, proto::Status::Ok,
                                 proto::ResponseCode::with_atoms(proto::ResponseCode::Kind::Capability,
                                                                 post_login_capabilities(settings_.capabilities)),
                                 "Logged in"};
        ok.append_to(out());
    }
    int bad_in_a_row = 0;
    while (!logout_ && !hangup_ && !conn_.broken()) {
        auto event = receiver_.next();
        if (!event) {
            std::string bytes;
            auto status = conn_.read_some(bytes, std::min(kTrimAfter, settings_.autologout));
            if (status == Connection::ReadStatus::TimedOut && settings_.autologout > kTrimAfter) {
                // The client went quiet: the mailbox drops what it can read back, and the memory
                // the last commands freed goes back to the system (servers hold thousands of
                // idle sessions), then we wait on.
                if (box_) {
                    box_->release_caches();
                }
                ::malloc_trim(0);
                status = conn_.read_some(bytes, settings_.autologout - kTrimAfter);
            }
            if (status == Connection::ReadStatus::TimedOut) {
                out() += "* BYE Disconnected for inactivity.\r\n";
                conn_.flush();
                log::info("Disconnected for inactivity ", logout_line());
                return;
            }
            if (status == Connection::ReadStatus::Closed) {
                log::info("Disconnected: Connection closed ", logout_line());
                return;
            }
            receiver_.feed(bytes);
            continue;
        }
        if (const auto* literal = std::get_if<proto::LiteralContinuation>(&*event)) {
            if (auto refused = refuse_literal_early(*literal)) {
                // The client sends nothing more of the command: its answer is this NO.
                proto::StatusResponse{literal->tag, refused->status, refused->code, refused->text}.append_to(out());
                receiver_.reject_literal();
            } else {
                proto::ContinuationRequest{"OK"}.append_to(out());
            }
        } else if (const auto* err = std::get_if<proto::ParseError>(&*event)) {
            proto::response_for(*err).append_to(out());
            if (err->fatal) {
                break;
            }
            bad_in_a_row = err->refused ? 0 : bad_in_a_row + 1;
        } else if (auto* ready = std::get_if<proto::CommandReady>(&*event)) {
            bad_in_a_row = Dispatcher::run(*this, std::move(ready->command)) ? 0 : bad_in_a_row + 1;
        }
        // A LineReady comes only while IDLE reads it (cmd_idle); nothing else asks for lines.
        if (bad_in_a_row >= kMaxBadCommands) {
            out() += "* BYE Too many invalid IMAP commands.\r\n";
            break;
        }
    }
    conn_.flush();
    if (logout_) {
        log::info("Logged out ", logout_line());
    }
}

std::string Session::logout_line()
{
    counts_.bytes_in = conn_.bytes_in();
    counts_.bytes_out = conn_.bytes_out();
    return imap::logout_line(settings_.logout_format, counts_);
}

std::string Session::client_name(const std::string& storage_name) const
{
    return inbox_ns_.to_client(storage_name);
}

std::optional<Session::Target> Session::target(const std::string& client_name) const
{
    const auto route = route_name(namespaces_, client_name);
    if (!route) {
        return std::nullopt;
    }
    const SessionNamespace& ns = namespaces_[route->index];
    if (route->root) {
        return Target{&ns, {}, true};
    }
    auto name = ns.names.to_storage(client_name);
    if (!name) {
        return std::nullopt;
    }
    return Target{&ns, std::move(*name), false};
}

bool Session::is_selected(const Target& t) const
{
    return box_ && box_ns_ != nullptr && box_ns_->storage == t.ns->storage && box_->name() == t.name;
}

Reply Session::invalid_name(const std::string& client_name) const
{
    if (!route_name(namespaces_, client_name)) {
        return Reply::no("Client tried to access nonexistent namespace. (Mailbox name should probably be prefixed with: " +
                         inbox_ns_.names.prefix + ")");
    }
    return Reply::no("Invalid mailbox name: " + client_name, proto::ResponseCode::simple(proto::ResponseCode::Kind::Cannot));
}

Reply Session::failure(const Error& error, const std::string& mailbox)
{
    bool internal = false;
    Reply r = storage_failure(error, mailbox, internal);
    if (internal) {
        log::error(error.message);
    }
    return r;
}

std::optional<std::vector<std::uint32_t>> Session::resolve(const proto::SequenceSet& set, bool uid, Reply& bad)
{
    std::vector<std::uint32_t> seqs;
    const std::uint32_t count = box_->count();
    if (set.is_saved()) {
        for (const std::uint32_t u : saved_uids_) {
            if (auto seq = box_->seq_of_uid(u)) {
                seqs.push_back(*seq);
            }
        }
        std::sort(seqs.begin(), seqs.end());
        return seqs;
    }
    if (uid) {
        if (count == 0) {
            return seqs;
        }
        const auto ranges = set.resolve(box_->message(count).uid);
        std::size_t r = 0;
        for (std::uint32_t seq = 1; seq <= count && r < ranges.size(); ++seq) {
            const std::uint32_t u = box_->message(seq).uid;
            while (r < ranges.size() && ranges[r].last < u) {
                ++r;
            }
            if (r < ranges.size() && ranges[r].first <= u) {
                seqs.push_back(seq);
            }
        }
        return seqs;
    }
    if (count == 0 && set.has_star()) {
        return seqs;  // "1:*" of an empty mailbox names nothing (clients send it after SELECT)
    }
    for (const auto& range : set.ranges()) {
        if (range.first > count || range.last > count) {
            bad = Reply::bad("Error in IMAP command: Invalid messageset");
            return std::nullopt;
        }
    }
    for (const std::uint32_t seq : set.numbers(count)) {
        seqs.push_back(seq);
    }
    return seqs;
}

std::vector<std::string> Session::message_flags(std::uint32_t seq) const
{
    const storage::MessageInfo& m = box_->message(seq);
    return flag_names(m.flags, keyword_names(m.keywords, box_->keywords()), !rev2_);
}

void Session::send_flags_fetch(std::uint32_t seq, bool with_uid)
{
    proto::FetchResponse fr(seq);
    fr.add_flags(message_flags(seq));
    if (with_uid || qresync_) {  // with QRESYNC every flag change names its UID, as in Dovecot
        fr.add_number("UID", box_->message(seq).uid);
    }
    if (condstore_) {
        fr.add_modseq(box_->message(seq).modseq);
        shown_modseq(box_->message(seq).modseq);
    }
    fr.append_to(out());
}

void Session::send_mailbox_flags()
{
    const auto& keywords = box_->keywords();
    std::vector<std::string> flags = system_flag_names();
    flags.insert(flags.end(), keywords.begin(), keywords.end());
    proto::FlagsData{flags}.append_to(out());
    if (box_->read_only()) {
        proto::StatusResponse{{}, proto::Status::Ok,
                              proto::ResponseCode::with_atoms(proto::ResponseCode::Kind::PermanentFlags, {}),
                              "Read-only mailbox."}
            .append_to(out());
    } else {
        flags.emplace_back("\\*");
        proto::StatusResponse{{}, proto::Status::Ok,
                              proto::ResponseCode::with_atoms(proto::ResponseCode::Kind::PermanentFlags, flags),
                              "Flags permitted."}
            .append_to(out());
    }
    reported_keywords_ = keywords.size();
}

std::uint32_t Session::recent_count() const
{
    std::uint32_t n = 0;
    for (std::uint32_t seq = 1; seq <= box_->count(); ++seq) {
        n += box_->message(seq).flags.has(storage::Flag::Recent) ? 1 : 0;
    }
    return n;
}

void Session::report_expunges(const std::vector<std::uint32_t>& seqs_in_order, const std::vector<std::uint32_t>& uids)
{
    if (qresync_ && !uids.empty()) {
        report_vanished(uids);  // RFC 7162 3.2.10: VANISHED replaces EXPUNGE
    }
    for (const std::uint32_t seq : seqs_in_order) {
        if (!qresync_) {
            proto::CountData{proto::CountData::Kind::Expunge, seq}.append_to(out());
        }
        if (reported_exists_ > 0) {
            --reported_exists_;
        }
    }
    if (!seqs_in_order.empty()) {
        loaded_.reset();
    }
}

void Session::report_sync(const storage::SyncResult& changes)
{
    if (changes.uidvalidity_changed) {
        out() += "* BYE Mailbox UIDVALIDITY changed, reconnect.\r\n";
        log::warning("mailbox ", box_->name(), ": UIDVALIDITY changed under the session");
        logout_ = true;
        return;
    }
    report_expunges(changes.expunged_seqs, changes.expunged_uids);
    if (changes.keywords_changed || box_->keywords().size() != reported_keywords_) {
        send_mailbox_flags();
    }
    if (box_->count() != reported_exists_) {
        reported_exists_ = box_->count();
        proto::CountData{proto::CountData::Kind::Exists, reported_exists_}.append_to(out());
    }
    const std::uint32_t recent = recent_count();
    if (recent != reported_recent_) {
        reported_recent_ = recent;
        if (!rev2_) {
            proto::CountData{proto::CountData::Kind::Recent, recent}.append_to(out());
        }
    }
    for (const std::uint32_t uid : changes.changed_uids) {
        if (auto seq = box_->seq_of_uid(uid)) {
            send_flags_fetch(*seq, false);
        }
    }
}

void Session::sync_and_report()
{
    auto changes = box_->sync();
    if (!changes) {
        log::warning("mailbox ", box_->name(), ": sync failed: ", changes.error().message);
        return;
    }
    report_sync(*changes);
}

void Session::close_mailbox()
{
    box_.reset();
    box_ns_ = nullptr;
    box_client_name_.clear();
    loaded_.reset();
    saved_uids_.clear();
    reported_exists_ = 0;
    reported_recent_ = 0;
    reported_keywords_ = 0;
}

Result<const Session::LoadedMessage*> Session::load_message(std::uint32_t uid)
{
    if (loaded_ && loaded_->uid == uid) {
        return &*loaded_;
    }
    loaded_.reset();
    auto data = box_->read_message(uid);
    if (!data) {
        return data.error();
    }
    LoadedMessage m;
    m.uid = uid;
    m.data = std::move(*data);
    m.structure = mail::parse_message(m.data);
    loaded_ = std::move(m);
    return &*loaded_;
}

void run_imap_session(int fd, std::string pending, const std::string& login_tag,
                      std::vector<SessionNamespace> namespaces, const ImapSettings& settings)
{
    Connection conn(fd);
    Session(conn, std::move(namespaces), settings).run(std::move(pending), login_tag);
}

}  // namespace roost::imap
