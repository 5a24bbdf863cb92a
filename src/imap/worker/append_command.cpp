// APPEND (RFC 3501 6.3.11) with APPENDUID (RFC 4315) and MULTIAPPEND (RFC 3502: all of the
// messages or none); literal8 messages (BINARY) are saved as sent.
#include <algorithm>

#include "core/log.hpp"
#include "core/strings.hpp"
#include "imap/proto/arg_reader.hpp"
#include "imap/worker/flag_names.hpp"
#include "imap/worker/session.hpp"
#include "storage/storage_error.hpp"

namespace roost::imap {
namespace {

// MULTIAPPEND saves all or nothing: the messages saved before one failed are removed again.
void undo_appends(storage::Storage& storage, const std::string& name, const std::vector<std::uint32_t>& uids)
{
    if (uids.empty()) {
        return;
    }
    auto box = storage.open_mailbox(name, {});
    if (!box || !(*box)->expunge(uids)) {
        log::error("MULTIAPPEND into ", name, " failed half way and the saved messages could not be removed");
    }
}

}  // namespace

std::optional<Reply> Session::refuse_literal_early(const proto::LiteralContinuation& literal)
{
    using Kind = proto::ResponseCode::Kind;
    if (literal.leading_args.empty()) {
        return std::nullopt;
    }
    // As Dovecot: the message is not asked for when it could not be saved anyway. The leading
    // arguments go through APPEND's own parser, with an empty stand-in for the message.
    proto::Command probe{literal.tag, literal.name, literal.leading_args};
    proto::Arg message{proto::Arg::Kind::Literal, {}, {}};
    const std::size_t n = probe.args.size();
    if (n >= 2 && probe.args[n - 1].kind == proto::Arg::Kind::List && probe.args[n - 1].items.empty() &&
        probe.args[n - 2].kind == proto::Arg::Kind::Atom && iequals(probe.args[n - 2].value, "UTF8")) {
        // APPEND ... UTF8 (~{n}: the message goes in the list the receiver has opened for it.
        probe.args.back().items.push_back(std::move(message));
    } else {
        probe.args.push_back(std::move(message));
    }
    auto parsed = proto::parse_command(std::move(probe), context_);
    if (!parsed) {
        const proto::StatusResponse bad = proto::response_for(literal.tag, parsed.error());
        return Reply{bad.status, bad.code, bad.text};
    }
    const std::string& mailbox = std::get<proto::AppendArgs>(parsed->args).mailbox;
    const auto t = target(mailbox);
    if (!t) {
        return invalid_name(mailbox);
    }
    if (t->root) {
        return Reply::no("Mailbox isn't selectable");
    }
    const std::string& name = t->name;
    if (literal.size == 0) {
        return Reply::no("Can't save a zero byte message.");
    }
    if (!is_selected(*t)) {
        storage::OpenOptions options;
        options.save_only = true;  // no scan: this only asks whether the mailbox is there
        auto box = t->storage().open_mailbox(name, options);
        if (!box && storage::storage_code_of(box.error()) == storage::StorageError::NotFound) {
            return Reply::no("Mailbox doesn't exist: " + mailbox, proto::ResponseCode::simple(Kind::TryCreate));
        }
    }
    if (t->ns->storage != &storage_) {
        return std::nullopt;  // the quota covers the inbox namespace's storage only
    }
    return quota_refusal(name, 1, literal.size, literal.size);
}

Reply Session::cmd_append(proto::ParsedCommand& cmd)
{
    using Kind = proto::ResponseCode::Kind;
    const auto& args = std::get<proto::AppendArgs>(cmd.args);
    const auto t = target(args.mailbox);
    if (!t) {
        return invalid_name(args.mailbox);
    }
    if (t->root) {
        return Reply::no("Mailbox isn't selectable");
    }
    const std::string& name = t->name;
    storage::Storage& store = t->storage();
    std::uint64_t bytes = 0;
    std::uint64_t largest = 0;
    for (const proto::AppendMessage& message : args.messages) {
        if (message.data.empty()) {
            return Reply::no("Can't save a zero byte message.");
        }
        bytes += message.data.size();
        largest = std::max<std::uint64_t>(largest, message.data.size());
    }
    // Into the selected mailbox, its open state is reused (its uidlist and index are already
    // read); elsewhere a save-only open: no scan of the target, so appending costs the same
    // however large the mailbox is.
    std::unique_ptr<storage::Mailbox> opened;
    storage::Mailbox* target = nullptr;
    if (box_ && !box_->read_only() && is_selected(*t)) {
        target = box_.get();
    } else {
        storage::OpenOptions options;
        options.save_only = true;
        auto box = store.open_mailbox(name, options);
        if (!box) {
            if (storage::storage_code_of(box.error()) == storage::StorageError::NotFound) {
                return Reply::no("Mailbox doesn't exist: " + args.mailbox, proto::ResponseCode::simple(Kind::TryCreate));
            }
            return failure(box.error(), args.mailbox);
        }
        opened = std::move(*box);
        target = opened.get();
    }
    // Quota: all of the messages fit or none is saved (checked once the mailbox is known to exist).
    // (The quota covers the inbox namespace's storage only.)
    if (auto refused = &store == &storage_ ? quota_refusal(name, args.messages.size(), bytes, largest) : std::nullopt) {
        return *refused;
    }
    std::vector<std::uint32_t> saved;
    for (const proto::AppendMessage& message : args.messages) {
        const FlagChange flags = split_flags(message.flags);
        storage::AppendRequest request;
        request.data = message.data;
        request.flags = flags.flags;
        request.keywords = flags.keywords;
        if (message.internal_date) {
            request.internal_date = message.internal_date->unix_time();
        }
        auto uid = target->append(request);
        if (!uid) {
            undo_appends(store, name, saved);
            return failure(uid.error(), args.mailbox);
        }
        saved.push_back(*uid);
    }
    return Reply::ok("Append completed.", proto::ResponseCode::append_uid(target->uidvalidity(),
                                                                          proto::SequenceSet::from_numbers(saved)));
}

}  // namespace roost::imap
