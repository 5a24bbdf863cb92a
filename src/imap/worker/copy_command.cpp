// COPY and MOVE (RFC 6851) with COPYUID (RFC 4315), also as UID commands.
#include <algorithm>

#include "imap/worker/session.hpp"
#include "storage/storage_error.hpp"

namespace roost::imap {

Reply Session::cmd_copy(proto::ParsedCommand& cmd)
{
    using Kind = proto::ResponseCode::Kind;
    const bool move = cmd.id == proto::CommandId::Move;
    const auto& args = std::get<proto::CopyArgs>(cmd.args);
    Reply bad;
    const auto seqs = resolve(args.set, cmd.uid, bad);
    if (!seqs) {
        return bad;
    }
    if (move && box_->read_only()) {
        return Reply::no("Mailbox is read-only.", proto::ResponseCode::simple(Kind::Cannot));
    }
    const auto t = target(args.mailbox);
    if (!t) {
        return invalid_name(args.mailbox);
    }
    if (t->root) {
        return Reply::no("Mailbox isn't selectable");
    }
    const std::string& name = t->name;
    storage::OpenOptions options;
    options.save_only = true;
    // Into another namespace's storage the messages are read and appended (Mailbox::copy).
    auto dest = t->storage().open_mailbox(name, options);
    if (!dest) {
        if (storage::storage_code_of(dest.error()) == storage::StorageError::NotFound) {
            return Reply::no("Mailbox doesn't exist: " + args.mailbox, proto::ResponseCode::simple(Kind::TryCreate));
        }
        return failure(dest.error(), args.mailbox);
    }
    std::vector<std::uint32_t> uids;
    for (const std::uint32_t seq : *seqs) {
        uids.push_back(box_->message(seq).uid);
    }
    if (uids.empty()) {
        // Nothing matched (a UID set of messages gone): RFC 4315 wants no COPYUID then.
        return Reply::ok("No messages found.");
    }
    // The quota covers the inbox namespace's storage only. MOVE within a storage changes no
    // usage (Dovecot checks it neither); into it from another namespace it does.
    if (t->ns->storage == &storage_ && (!move || box_ns_->storage != &storage_)) {
        std::uint64_t bytes = 0;
        std::uint64_t largest = 0;
        for (const std::uint32_t seq : *seqs) {
            bytes += box_->message(seq).size;
            largest = std::max<std::uint64_t>(largest, box_->message(seq).size);
        }
        if (auto refused = quota_refusal(name, uids.size(), bytes, largest)) {
            return *refused;
        }
    }
    auto mapping = move ? box_->move(uids, **dest) : box_->copy(uids, **dest);
    if (!mapping) {
        return failure(mapping.error(), args.mailbox);
    }
    if (const auto use = settings_.special_use.find(name);
        t->ns->storage == &storage_ && use != settings_.special_use.end() &&
        std::find(use->second.begin(), use->second.end(), "\\Trash") != use->second.end()) {
        counts_.trashed += mapping->size();
    }
    std::vector<std::uint32_t> from;
    std::vector<std::uint32_t> to;
    for (const storage::UidMapping& m : *mapping) {
        from.push_back(m.source_uid);
        to.push_back(m.dest_uid);
    }
    std::optional<proto::ResponseCode> code;
    if (!from.empty()) {
        code = proto::ResponseCode::copy_uid((*dest)->uidvalidity(), proto::SequenceSet::from_ordered(from),
                                             proto::SequenceSet::from_ordered(to));
    }
    const bool all = from.size() == uids.size();
    if (!move) {
        if (!all) {
            return Reply::no("Some of the requested messages no longer exist", proto::ResponseCode::simple(Kind::ExpungeIssued));
        }
        return Reply::ok("Copy completed.", std::move(code));
    }
    // MOVE: COPYUID in an untagged OK, then the expunges (RFC 6851 4.3). The moved messages
    // left the view in move(); their numbers are those they had before, reported from the
    // highest down so that each is valid when sent.
    if (code) {
        proto::StatusResponse{{}, proto::Status::Ok, std::move(code), "Moved UIDs."}.append_to(out());
    }
    std::vector<std::uint32_t> moved = from;
    std::sort(moved.begin(), moved.end());
    std::vector<std::uint32_t> moved_seqs;
    for (std::size_t i = 0; i < uids.size(); ++i) {
        if (std::binary_search(moved.begin(), moved.end(), uids[i])) {
            moved_seqs.push_back((*seqs)[i]);
        }
    }
    std::sort(moved_seqs.rbegin(), moved_seqs.rend());
    counts_.expunged += moved.size();
    report_expunges(moved_seqs, moved);
    if (!all) {
        return Reply::no("Some of the requested messages no longer exist", proto::ResponseCode::simple(Kind::ExpungeIssued));
    }
    return Reply::ok("Move completed.");
}

}  // namespace roost::imap
