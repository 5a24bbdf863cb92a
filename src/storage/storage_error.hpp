// StorageError: the errors of the storage library as a std::error_code category (STYLE.md #6).
#pragma once

#include <string>
#include <system_error>

#include "core/result.hpp"

namespace roost::storage {

// Protocol layers map these to their own words (IMAP [NONEXISTENT], [OVERQUOTA], [INUSE] ...);
// the storage library never speaks a protocol.
enum class StorageError {
    Ok = 0,
    NotFound,     // no such mailbox or message file
    Exists,       // the mailbox (or a file that must be new) already exists
    NoQuota,      // over quota, or the disk is full
    Perm,         // the file system refused access
    Expunged,     // the message was expunged (by us or someone else) since the last sync
    InUse,        // a lock could not be taken within its timeout
    Temp,         // a temporary failure; trying again later may work
    BadName,      // a mailbox name that this layout cannot store
    BadLocation,  // a mail_location string that does not parse
    NotPossible,  // the operation is valid but not for this mailbox (delete INBOX, 27th keyword)
    Corrupted,    // a control file that does not parse; it is rebuilt where that is safe
};

const std::error_category& storage_category();

inline std::error_code make_error_code(StorageError e)
{
    return {static_cast<int>(e), storage_category()};
}

// An Error with a StorageError code and a human message.
Error storage_error(StorageError code, std::string message);

// The StorageError that best describes an errno value (ENOENT -> NotFound, EDQUOT -> NoQuota ...).
StorageError storage_code_from_errno(int err);

// An Error for the current errno: "<what>: <strerror>", with the StorageError code of errno.
Error storage_errno_error(const std::string& what);

// The StorageError of an Error coming from this library (Temp for foreign categories).
StorageError storage_code_of(const Error& error);

}  // namespace roost::storage

template <>
struct std::is_error_code_enum<roost::storage::StorageError> : std::true_type {
};
