// UserdbChain: the configured userdbs tried in order (result rules, default_fields,
// override_fields), giving a user's uid, gid, home and per-user settings. Runs on the auth
// service's database thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "auth/auth_settings.hpp"
#include "auth/db/userdb.hpp"

namespace roost::auth {

class UserdbChain {
public:
    struct Entry {
        std::unique_ptr<Userdb> db;
        DbSettings rules;
    };

    explicit UserdbChain(std::vector<Entry> entries);

    // `passdb_fields` are the userdb_* fields of the passdb that authenticated the user (with
    // the prefix removed), for prefetch; they also fill in what the userdbs leave out.
    UserdbResult lookup(const RequestInfo& request, const Fields& passdb_fields);
    // Every user of every userdb that can list them.
    bool iterate(const std::function<void(const std::string&)>& each);

    bool empty() const { return entries_.empty(); }

private:
    std::vector<Entry> entries_;
};

}  // namespace roost::auth
