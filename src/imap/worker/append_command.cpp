// APPEND (RFC 3501 6.3.11) with APPENDUID (RFC 4315); literal8 messages (BINARY) are saved as
// sent.
#include "imap/worker/flag_names.hpp"
#include "imap/worker/session.hpp"
#include "storage/storage_error.hpp"

namespace roost::imap {

Reply Session::cmd_append(proto::ParsedCommand& cmd)
{
    using Kind = proto::ResponseCode::Kind;
    const auto& args = std::get<proto::AppendArgs>(cmd.args);
    if (args.messages.size() != 1) {
        return Reply::bad("Error in IMAP command APPEND: MULTIAPPEND is not supported");
    }
    const proto::AppendMessage& message = args.messages.front();
    const auto name = storage_name(args.mailbox);
    if (!name) {
        return Reply::no("Invalid mailbox name: " + args.mailbox, proto::ResponseCode::simple(Kind::Cannot));
    }
    if (message.data.empty()) {
        return Reply::no("Can't save a zero byte message.");
    }
    // Into the selected mailbox, its open state is reused (its uidlist and index are already
    // read); elsewhere a save-only open: no scan of the target, so appending costs the same
    // however large the mailbox is.
    std::unique_ptr<storage::Mailbox> opened;
    storage::Mailbox* target = nullptr;
    if (box_ && !box_->read_only() && box_->name() == *name) {
        target = box_.get();
    } else {
        storage::OpenOptions options;
        options.save_only = true;
        auto box = storage_.open_mailbox(*name, options);
        if (!box) {
            if (storage::storage_code_of(box.error()) == storage::StorageError::NotFound) {
                return Reply::no("Mailbox doesn't exist: " + args.mailbox, proto::ResponseCode::simple(Kind::TryCreate));
            }
            return failure(box.error(), args.mailbox);
        }
        opened = std::move(*box);
        target = opened.get();
    }
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
        return failure(uid.error(), args.mailbox);
    }
    proto::SequenceSet uids;
    uids.add(*uid);
    return Reply::ok("Append completed.", proto::ResponseCode::append_uid(target->uidvalidity(), uids));
}

}  // namespace roost::imap
