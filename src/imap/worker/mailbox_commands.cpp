// SELECT / EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE / UNSUBSCRIBE, STATUS, CLOSE / UNSELECT,
// EXPUNGE / UID EXPUNGE.
#include <malloc.h>

#include <algorithm>

#include "core/log.hpp"
#include "imap/proto/response_data.hpp"
#include "imap/worker/session.hpp"
#include "imap/worker/special_use.hpp"
#include "storage/mailbox_name.hpp"
#include "storage/storage_error.hpp"

namespace roost::imap {
namespace {

using Kind = proto::ResponseCode::Kind;

void untagged_ok(std::string& out, proto::ResponseCode code, std::string text)
{
    proto::StatusResponse{{}, proto::Status::Ok, std::move(code), std::move(text)}.append_to(out);
}

// A namespace's root ("mail" of prefix "mail/") is listed but holds no messages (Dovecot's words).
Reply not_selectable()
{
    return Reply::no("Mailbox isn't selectable");
}

}  // namespace

Reply Session::cmd_select(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::SelectArgs>(cmd.args);
    const bool examine = cmd.id == proto::CommandId::Examine;
    if (args.qresync && !qresync_) {
        return Reply::bad("Error in IMAP command " + std::string(examine ? "EXAMINE" : "SELECT") +
                          ": QRESYNC isn't enabled");
    }
    if (selected()) {
        close_mailbox();
        // RFC 7162 / 9051: the end of the previous mailbox's responses.
        untagged_ok(out(), proto::ResponseCode::simple(Kind::Closed), "Previous mailbox closed.");
    }
    const auto t = target(args.mailbox);
    if (!t) {
        return invalid_name(args.mailbox);
    }
    if (t->root) {
        return not_selectable();
    }
    const std::string& name = t->name;
    storage::OpenOptions options;
    options.read_only = examine;
    auto box = t->storage().open_mailbox(name, options);
    if (!box) {
        return failure(box.error(), args.mailbox);
    }
    box_ = std::move(*box);
    box_ns_ = t->ns;
    // Opening scanned the whole mailbox; what that left free goes back to the system, since an
    // idle session keeps only the view (IMAP servers hold thousands of idle sessions).
    ::malloc_trim(0);
    box_client_name_ = args.mailbox;
    condstore_ = condstore_ || args.condstore;

    send_mailbox_flags();
    reported_exists_ = box_->count();
    proto::CountData{proto::CountData::Kind::Exists, reported_exists_}.append_to(out());
    reported_recent_ = recent_count();
    if (!rev2_) {
        proto::CountData{proto::CountData::Kind::Recent, reported_recent_}.append_to(out());
        for (std::uint32_t seq = 1; seq <= box_->count(); ++seq) {
            if (!box_->message(seq).flags.has(storage::Flag::Seen)) {
                untagged_ok(out(), proto::ResponseCode::with_number(Kind::Unseen, seq), "First unseen.");
                break;
            }
        }
    }
    untagged_ok(out(), proto::ResponseCode::with_number(Kind::UidValidity, box_->uidvalidity()), "UIDs valid");
    untagged_ok(out(), proto::ResponseCode::with_number(Kind::UidNext, box_->uidnext()), "Predicted next UID");
    untagged_ok(out(), proto::ResponseCode::with_number(Kind::HighestModSeq, box_->highest_modseq()), "Highest");
    qresync_selected(args.qresync);  // VANISHED (EARLIER) and changed flags (qresync.cpp)
    log::debug("selected ", name, " (", box_->count(), " messages)");
    return Reply::ok(examine ? "Examine completed." : "Select completed.",
                     proto::ResponseCode::simple(box_->read_only() ? Kind::ReadOnly : Kind::ReadWrite));
}

Reply Session::cmd_create(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::CreateArgs>(cmd.args);
    // CREATE-SPECIAL-USE (RFC 6154 3): every attribute is checked before anything is made.
    std::vector<std::string> uses;
    for (const std::string& attribute : args.special_use) {
        const auto use = creatable_special_use(attribute);
        if (!use) {
            return Reply::no("Special-use attribute " + attribute + " is not supported",
                             proto::ResponseCode::simple(Kind::UseAttr));
        }
        if (std::find(uses.begin(), uses.end(), *use) == uses.end()) {
            uses.push_back(*use);
        }
    }
    std::string wanted = args.mailbox;
    // "foo/" announces that foo will have children (RFC 3501 6.3.3): create foo.
    if (const auto route = route_name(namespaces_, wanted);
        wanted.size() > 1 && wanted.back() == namespaces_[route ? route->index : 0].names.separator) {
        wanted.pop_back();
    }
    const auto t = target(wanted);
    if (t && t->root) {
        return Reply::no("Mailbox already exists", proto::ResponseCode::simple(Kind::AlreadyExists));
    }
    if (!t || t->name.empty()) {
        return invalid_name(args.mailbox);
    }
    const std::string& name = t->name;
    storage::Storage& store = t->storage();
    if (name == "INBOX") {
        return Reply::no("Mailbox already exists", proto::ResponseCode::simple(Kind::AlreadyExists));
    }
    if (auto made = store.create_mailbox(name); !made) {
        return failure(made.error(), args.mailbox);
    }
    // Also without USE: a new folder has no attributes, whatever an earlier folder of that
    // name (deleted by another tool) left in the file.
    if (auto kept = store.set_created_special_use(name, uses); !kept) {
        if (uses.empty()) {
            log::warning("CREATE ", name, ": special-use file: ", kept.error().message);
        } else {
            (void)store.delete_mailbox(name);  // the folder comes with its attributes or not at all
            return failure(kept.error(), args.mailbox);
        }
    }
    return Reply::ok("Create completed.");
}

Reply Session::cmd_delete(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::MailboxArgs>(cmd.args);
    const auto t = target(args.mailbox);
    if (!t) {
        return invalid_name(args.mailbox);
    }
    if (t->root) {
        return Reply::no("Storage root can't be deleted", proto::ResponseCode::simple(Kind::Cannot));
    }
    const std::string& name = t->name;
    storage::Storage& store = t->storage();
    if (name == "INBOX") {  // also another namespace's prefix/INBOX: the same INBOX, or an mbox INBOX=
        return Reply::no("INBOX can't be deleted.", proto::ResponseCode::simple(Kind::Cannot));
    }
    if (is_selected(*t)) {
        close_mailbox();  // deleting the selected mailbox closes it first, as Dovecot does
    }
    if (auto gone = store.delete_mailbox(name); !gone) {
        return failure(gone.error(), args.mailbox);
    }
    if (auto forgot = store.set_created_special_use(name, {}); !forgot) {
        log::warning("DELETE ", name, ": special-use file: ", forgot.error().message);
    }
    return Reply::ok("Delete completed.");
}

Reply Session::cmd_rename(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::RenameArgs>(cmd.args);
    const auto from_target = target(args.from);
    const auto to_target = target(args.to);
    if (!from_target) {
        return invalid_name(args.from);
    }
    if (!to_target || to_target->name.empty()) {
        return invalid_name(args.to);
    }
    if (from_target->root) {
        return not_selectable();
    }
    // Namespaces over one storage (one without a location is another name for the inbox
    // one) rename within it; across storages Dovecot refuses with these words.
    if (from_target->ns->storage != to_target->ns->storage) {
        return Reply::no("Can't rename mailboxes across specified storages", proto::ResponseCode::simple(Kind::Cannot));
    }
    const std::string& from = from_target->name;
    const std::string& to = to_target->name;
    storage::Storage& store = from_target->storage();
    if (to == "INBOX" || to == from) {
        return Reply::no("Mailbox already exists", proto::ResponseCode::simple(Kind::AlreadyExists));
    }
    if (auto moved = store.rename_mailbox(from, to); !moved) {
        const bool exists = storage::storage_code_of(moved.error()) == storage::StorageError::Exists;
        return failure(moved.error(), exists ? args.to : args.from);
    }
    // The folder keeps the special use it was created with, and so do its children.
    if (auto kept = store.rename_created_special_use(from, to); !kept) {
        log::warning("RENAME ", from, ": special-use file: ", kept.error().message);
    }
    return Reply::ok("Rename completed.");
}

Reply Session::cmd_subscribe(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::MailboxArgs>(cmd.args);
    const bool subscribe = cmd.id == proto::CommandId::Subscribe;
    const auto t = target(args.mailbox);
    if (!t) {
        return invalid_name(args.mailbox);
    }
    if (t->root) {
        return Reply::no("Mailbox doesn't exist: " + args.mailbox, proto::ResponseCode::simple(Kind::NonExistent));
    }
    const std::string& name = t->name;
    storage::Storage& store = t->storage();
    if (subscribe) {
        // Dovecot refuses to subscribe to a mailbox that does not exist.
        auto list = store.list_mailboxes();
        if (!list) {
            return failure(list.error(), args.mailbox);
        }
        const bool exists = std::any_of(list->begin(), list->end(),
                                        [&](const storage::MailboxListEntry& e) { return e.name == name; });
        if (!exists) {
            return Reply::no("Mailbox doesn't exist: " + args.mailbox,
                             proto::ResponseCode::simple(Kind::NonExistent));
        }
    }
    if (auto done = store.set_subscribed(name, subscribe); !done) {
        return failure(done.error(), args.mailbox);
    }
    return Reply::ok(subscribe ? "Subscribe completed." : "Unsubscribe completed.");
}

Reply Session::cmd_status(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::StatusArgs>(cmd.args);
    const auto t = target(args.mailbox);
    if (!t) {
        return invalid_name(args.mailbox);
    }
    if (t->root) {
        return not_selectable();
    }
    proto::StatusData data;
    data.mailbox = args.mailbox;
    data.utf8 = utf8_;
    Reply r = status_items(*t, args.items, data);
    if (r.status != proto::Status::Ok) {
        if (r.text.empty()) {
            return Reply::bad("Error in IMAP command STATUS: Unsupported status item");
        }
        return r;
    }
    data.append_to(out());
    if (is_selected(*t)) {
        // RFC 9051 6.3.11: a client should not ask STATUS of the selected mailbox (Dovecot's code).
        return Reply::ok("Status on selected mailbox completed.",
                         proto::ResponseCode::simple(Kind::ClientBug));
    }
    return Reply::ok("Status completed.");
}

Reply Session::status_items(const Target& box, const std::vector<proto::StatusItem>& items,
                            proto::StatusData& data)
{
    const std::string& name = box.name;
    storage::Storage& store = box.storage();
    using Item = proto::StatusItem;
    const auto wants = [&](Item i) { return std::find(items.begin(), items.end(), i) != items.end(); };
    if (wants(Item::MailboxId) || wants(Item::DeletedStorage)) {
        return Reply::bad("");
    }
    auto st = store.mailbox_status(name, wants(Item::Size));
    if (!st) {
        return failure(st.error(), box.ns->to_client(name));
    }
    std::uint64_t deleted = 0;
    if (wants(Item::Deleted)) {
        storage::OpenOptions ro;
        ro.read_only = true;
        auto opened = store.open_mailbox(name, ro);
        if (!opened) {
            return failure(opened.error(), box.ns->to_client(name));
        }
        for (std::uint32_t seq = 1; seq <= (*opened)->count(); ++seq) {
            deleted += (*opened)->message(seq).flags.has(storage::Flag::Deleted) ? 1 : 0;
        }
    }
    for (const Item item : items) {
        proto::StatusData::Item out_item{item, std::nullopt, {}};
        switch (item) {
            case Item::Messages: out_item.value = st->messages; break;
            case Item::Recent: out_item.value = st->recent; break;
            case Item::UidNext: out_item.value = st->uidnext; break;
            case Item::UidValidity: out_item.value = st->uidvalidity; break;
            case Item::Unseen: out_item.value = st->unseen; break;
            case Item::Deleted: out_item.value = deleted; break;
            case Item::Size: out_item.value = st->vsize; break;
            case Item::HighestModSeq:
                out_item.value = st->highest_modseq;
                condstore_ = true;  // a CONDSTORE enabling command (RFC 7162 3.1)
                break;
            case Item::AppendLimit:  // RFC 7889: the same for every mailbox
                out_item.value = settings_.limits.max_literal_size;
                break;
            case Item::MailboxId:
            case Item::DeletedStorage: break;
        }
        data.items.push_back(std::move(out_item));
    }
    return Reply::ok("");
}

Reply Session::cmd_close(proto::ParsedCommand& cmd)
{
    const bool close = cmd.id == proto::CommandId::Close;
    if (close && !box_->read_only()) {
        // CLOSE expunges silently (RFC 3501 6.4.2).
        if (auto gone = box_->expunge_deleted(); !gone) {
            log::warning("CLOSE of ", box_->name(), ": expunge failed: ", gone.error().message);
        } else {
            counts_.expunged += gone->expunged_uids.size();
        }
    }
    close_mailbox();
    return Reply::ok(close ? "Close completed." : "Unselect completed.");
}

Reply Session::cmd_expunge(proto::ParsedCommand& cmd)
{
    if (box_->read_only()) {
        return Reply::no("Mailbox is read-only.", proto::ResponseCode::simple(Kind::Cannot));
    }
    Result<storage::SyncResult> gone = storage::SyncResult{};
    if (cmd.uid) {
        const auto& args = std::get<proto::UidExpungeArgs>(cmd.args);
        Reply bad;
        const auto seqs = resolve(args.set, true, bad);
        std::vector<std::uint32_t> uids;
        for (const std::uint32_t seq : *seqs) {
            if (box_->message(seq).flags.has(storage::Flag::Deleted)) {
                uids.push_back(box_->message(seq).uid);
            }
        }
        gone = box_->expunge(uids);
    } else {
        gone = box_->expunge_deleted();
    }
    if (!gone) {
        return failure(gone.error(), box_client_name_);
    }
    counts_.expunged += gone->expunged_uids.size();
    report_expunges(gone->expunged_seqs, gone->expunged_uids);
    return Reply::ok("Expunge completed.");
}

}  // namespace roost::imap
