// STORE and UID STORE: FLAGS, +FLAGS, -FLAGS (.SILENT), keywords, UNCHANGEDSINCE (RFC 7162).
#include <algorithm>

#include "imap/worker/flag_names.hpp"
#include "imap/worker/session.hpp"

namespace roost::imap {

Reply Session::cmd_store(proto::ParsedCommand& cmd)
{
    using Kind = proto::ResponseCode::Kind;
    const auto& args = std::get<proto::StoreArgs>(cmd.args);
    Reply bad;
    const auto seqs = resolve(args.set, cmd.uid, bad);
    if (!seqs) {
        return bad;
    }
    if (box_->read_only()) {
        return Reply::no("Mailbox is read-only.", proto::ResponseCode::simple(Kind::Cannot));
    }
    // UNCHANGEDSINCE: messages changed after the client's MODSEQ are left alone and named in
    // [MODIFIED] (RFC 7162 3.1.3).
    std::vector<std::uint32_t> targets;
    std::vector<std::uint32_t> modified;
    if (args.unchanged_since) {
        condstore_ = true;
    }
    for (const std::uint32_t seq : *seqs) {
        const storage::MessageInfo& m = box_->message(seq);
        if (args.unchanged_since && m.modseq > *args.unchanged_since) {
            modified.push_back(cmd.uid ? m.uid : seq);
        } else {
            targets.push_back(seq);
        }
    }
    std::vector<std::uint32_t> uids;
    for (const std::uint32_t seq : targets) {
        uids.push_back(box_->message(seq).uid);
    }
    const FlagChange change = split_flags(args.flags);
    const storage::StoreMode mode = args.operation == proto::StoreArgs::Operation::Add      ? storage::StoreMode::Add
                                    : args.operation == proto::StoreArgs::Operation::Remove ? storage::StoreMode::Remove
                                                                                             : storage::StoreMode::Replace;
    const std::size_t keywords_before = box_->keywords().size();
    const bool deletes = mode != storage::StoreMode::Remove && change.flags.has(storage::Flag::Deleted);
    const auto newly_deleted = deletes ? std::count_if(targets.begin(), targets.end(), [this](std::uint32_t seq) {
        return !box_->message(seq).flags.has(storage::Flag::Deleted);
    }) : 0;
    auto changed = box_->store(uids, mode, change.flags, change.keywords);
    if (box_->keywords().size() != keywords_before) {
        // New keywords join FLAGS and PERMANENTFLAGS first (also those a failing store, such as
        // one past the 26 keywords Maildir can hold, created before it failed).
        send_mailbox_flags();
    }
    if (!changed) {
        return failure(changed.error(), box_client_name_);
    }
    counts_.deleted += static_cast<std::uint64_t>(newly_deleted);
    // Only messages whose flags really changed are reported, as Dovecot does: RFC 3501 asks for
    // each, but an unchanged one tells the client nothing. .SILENT still reports the new MODSEQ
    // under CONDSTORE (RFC 7162 3.1.3), with FLAGS left out.
    std::vector<std::uint32_t> done = std::move(*changed);
    std::sort(done.begin(), done.end());
    for (const std::uint32_t seq : targets) {
        const storage::MessageInfo& m = box_->message(seq);
        if (!std::binary_search(done.begin(), done.end(), m.uid)) {
            continue;
        }
        if (!args.silent) {
            send_flags_fetch(seq, cmd.uid);
        } else if (condstore_) {
            proto::FetchResponse fr(seq);
            if (cmd.uid || qresync_) {  // with QRESYNC a flag change names its UID, as in Dovecot
                fr.add_number("UID", m.uid);
            }
            fr.add_modseq(m.modseq);
            shown_modseq(m.modseq);
            fr.append_to(out());
        }
    }
    if (!modified.empty()) {
        return Reply::ok("Conditional store failed.",
                         proto::ResponseCode::modified(proto::SequenceSet::from_numbers(modified)));
    }
    return Reply::ok("Store completed.");
}

}  // namespace roost::imap
