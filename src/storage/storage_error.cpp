// The std::error_category of StorageError and the errno mapping.
#include "storage/storage_error.hpp"

#include <cerrno>
#include <cstring>

namespace roost::storage {
namespace {

class StorageCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "roost.storage"; }

    std::string message(int code) const override
    {
        switch (static_cast<StorageError>(code)) {
            case StorageError::Ok:
                return "success";
            case StorageError::NotFound:
                return "not found";
            case StorageError::Exists:
                return "already exists";
            case StorageError::NoQuota:
                return "quota exceeded";
            case StorageError::Perm:
                return "permission denied";
            case StorageError::Expunged:
                return "message was expunged";
            case StorageError::InUse:
                return "in use by another process";
            case StorageError::Temp:
                return "temporary failure";
            case StorageError::BadName:
                return "invalid mailbox name";
            case StorageError::BadLocation:
                return "invalid mail location";
            case StorageError::NotPossible:
                return "operation not possible";
            case StorageError::Corrupted:
                return "corrupted control file";
        }
        return "unknown storage error";
    }
};

}  // namespace

const std::error_category& storage_category()
{
    static const StorageCategory category;
    return category;
}

Error storage_error(StorageError code, std::string message)
{
    return Error{make_error_code(code), std::move(message)};
}

StorageError storage_code_from_errno(int err)
{
    switch (err) {
        case ENOENT:
        case ENOTDIR:
            return StorageError::NotFound;
        case EEXIST:
        case ENOTEMPTY:
            return StorageError::Exists;
        case EDQUOT:
        case ENOSPC:
        case EFBIG:
            return StorageError::NoQuota;
        case EACCES:
        case EPERM:
        case EROFS:
            return StorageError::Perm;
        default:
            return StorageError::Temp;
    }
}

Error storage_errno_error(const std::string& what)
{
    const int saved = errno;
    return storage_error(storage_code_from_errno(saved), what + ": " + std::strerror(saved));
}

StorageError storage_code_of(const Error& error)
{
    if (error.code.category() == storage_category()) {
        return static_cast<StorageError>(error.code.value());
    }
    return StorageError::Temp;
}

}  // namespace roost::storage
