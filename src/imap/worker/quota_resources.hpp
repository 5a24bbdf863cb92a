// The RFC 9208 resources of a quota root: what GETQUOTA and GETQUOTAROOT report.
#pragma once

#include <vector>

#include "imap/proto/response_data.hpp"
#include "storage/quota.hpp"

namespace roost::imap {

// STORAGE (in KiB, usage and limit each rounded up as Dovecot does) and MESSAGE, in that
// order, each only when the user-wide ("*") rules set a limit for it. Empty: no quota to show.
std::vector<proto::QuotaData::Resource> quota_resources(const storage::Quota& quota,
                                                        const storage::QuotaUsage& usage);

}  // namespace roost::imap
