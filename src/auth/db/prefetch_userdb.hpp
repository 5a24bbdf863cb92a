// The prefetch userdb: the user's settings as the passdb already returned them (userdb_* extra
// fields), so a passwd-file or SQL passdb needs no second lookup.
#pragma once

#include "auth/db/userdb.hpp"

namespace roost::auth {

// userdb prefetch: the userdb fields the passdb returned (the `passdb_fields` given to lookup(),
// userdb_ prefixes removed if still on, uid/gid names resolved). UserUnknown when there are
// none, so a later userdb in the chain gets its turn.
class PrefetchUserdb final : public Userdb {
public:
    std::string_view driver() const override { return "prefetch"; }
    UserdbResult lookup(const RequestInfo& request, const Fields& passdb_fields) override;
};

}  // namespace roost::auth
