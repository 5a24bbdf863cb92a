// Userdb: where a user's system identity and settings come from: uid, gid, home, and overrides
// such as mail= or quota_rule=. Drivers are called off the event loop and may block.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "auth/db/fields.hpp"
#include "auth/db/request_info.hpp"

namespace roost::auth {

enum class UserdbStatus { Ok, UserUnknown, TempFail };

struct UserdbResult {
    UserdbStatus status = UserdbStatus::UserUnknown;
    std::string user;
    Fields fields;       // uid=, gid=, home=, mail=, quota_rule= ...
    std::string error;   // for TempFail
};

class Userdb {
public:
    virtual ~Userdb() = default;
    virtual std::string_view driver() const = 0;

    // `passdb_fields` are the userdb_* fields of the passdb lookup that authenticated the user,
    // if any (the prefetch driver returns them).
    virtual UserdbResult lookup(const RequestInfo& request, const Fields& passdb_fields) = 0;

    // Calls `each` for every user, for LIST; false when the driver cannot iterate.
    virtual bool iterate(const std::function<void(const std::string&)>& each)
    {
        (void)each;
        return false;
    }
};

}  // namespace roost::auth
