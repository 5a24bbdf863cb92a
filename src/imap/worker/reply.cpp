// Storage errors as IMAP answers.
#include "imap/worker/reply.hpp"

#include "storage/storage_error.hpp"

namespace roost::imap {

Reply storage_failure(const Error& error, std::string_view mailbox, bool& internal)
{
    using Kind = proto::ResponseCode::Kind;
    using storage::StorageError;
    internal = false;
    const auto code = [](Kind k) { return proto::ResponseCode::simple(k); };
    switch (storage::storage_code_of(error)) {
        case StorageError::NotFound:
            return Reply::no("Mailbox doesn't exist: " + std::string(mailbox), code(Kind::NonExistent));
        case StorageError::Exists:
            return Reply::no("Mailbox already exists", code(Kind::AlreadyExists));
        case StorageError::NoQuota:
            return Reply::no("Quota exceeded (mailbox for user is full)", code(Kind::OverQuota));
        case StorageError::Perm:
            return Reply::no("Permission denied", code(Kind::NoPerm));
        case StorageError::Expunged:
            return Reply::no("Some of the requested messages no longer exist", code(Kind::ExpungeIssued));
        case StorageError::InUse:
            return Reply::no("Timeout while waiting for a lock", code(Kind::InUse));
        case StorageError::BadName:
            return Reply::no("Invalid mailbox name: " + std::string(mailbox), code(Kind::Cannot));
        case StorageError::NotPossible:
            return Reply::no("Not possible for this mailbox: " + std::string(mailbox), code(Kind::Cannot));
        default:
            break;
    }
    internal = true;
    return Reply::no("Internal error occurred. Refer to server log for more information.", code(Kind::ServerBug));
}

}  // namespace roost::imap
