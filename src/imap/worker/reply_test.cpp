// Storage errors as IMAP NO responses.
#include "imap/worker/reply.hpp"

#include <gtest/gtest.h>

#include "storage/storage_error.hpp"

namespace roost::imap {
namespace {

std::string line_for(storage::StorageError code, bool& internal)
{
    const Reply r = storage_failure(storage::storage_error(code, "detail /path"), "Box", internal);
    return proto::StatusResponse{"a", r.status, r.code, r.text}.to_string();
}

TEST(Reply, StorageErrorsBecomeRfc5530Codes)
{
    bool internal = true;
    EXPECT_EQ(line_for(storage::StorageError::NotFound, internal), "a NO [NONEXISTENT] Mailbox doesn't exist: Box\r\n");
    EXPECT_FALSE(internal);
    EXPECT_EQ(line_for(storage::StorageError::Exists, internal), "a NO [ALREADYEXISTS] Mailbox already exists\r\n");
    EXPECT_NE(line_for(storage::StorageError::NoQuota, internal).find("[OVERQUOTA]"), std::string::npos);
    EXPECT_NE(line_for(storage::StorageError::InUse, internal).find("[INUSE]"), std::string::npos);
    EXPECT_NE(line_for(storage::StorageError::Expunged, internal).find("[EXPUNGEISSUED]"), std::string::npos);
    EXPECT_FALSE(internal);
}

TEST(Reply, InternalErrorsHideTheirDetails)
{
    bool internal = false;
    const std::string line = line_for(storage::StorageError::Temp, internal);
    EXPECT_TRUE(internal);
    EXPECT_NE(line.find("[SERVERBUG]"), std::string::npos);
    EXPECT_EQ(line.find("/path"), std::string::npos);
}

}  // namespace
}  // namespace roost::imap
