// Tests of the StorageError category and the errno mapping.
#include "storage/storage_error.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace roost::storage {
namespace {

TEST(StorageError, CodesCarryTheCategoryAndMessages)
{
    const std::error_code ec = StorageError::Expunged;
    EXPECT_EQ(&ec.category(), &storage_category());
    EXPECT_STREQ(ec.category().name(), "roost.storage");
    EXPECT_EQ(ec.message(), "message was expunged");
    EXPECT_EQ(std::error_code(999, storage_category()).message(), "unknown storage error");
    const Error e = storage_error(StorageError::InUse, "lock");
    EXPECT_EQ(storage_code_of(e), StorageError::InUse);
    EXPECT_EQ(storage_code_of(Error{std::error_code(EIO, std::system_category()), "x"}),
              StorageError::Temp);
}

TEST(StorageError, ErrnoMapsToTheNearestCode)
{
    EXPECT_EQ(storage_code_from_errno(ENOENT), StorageError::NotFound);
    EXPECT_EQ(storage_code_from_errno(EEXIST), StorageError::Exists);
    EXPECT_EQ(storage_code_from_errno(EDQUOT), StorageError::NoQuota);
    EXPECT_EQ(storage_code_from_errno(ENOSPC), StorageError::NoQuota);
    EXPECT_EQ(storage_code_from_errno(EACCES), StorageError::Perm);
    EXPECT_EQ(storage_code_from_errno(EIO), StorageError::Temp);
    errno = EACCES;
    const Error e = storage_errno_error("open(x)");
    EXPECT_EQ(storage_code_of(e), StorageError::Perm);
    EXPECT_NE(e.message.find("open(x): "), std::string::npos);
}

}  // namespace
}  // namespace roost::storage
