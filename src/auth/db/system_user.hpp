// Reentrant look-ups of system users and groups (getpwnam_r, getgrnam_r), and the uid=/gid=
// field values they turn into numbers.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "auth/db/fields.hpp"
#include "core/result.hpp"

namespace roost::auth {

struct SystemUser {
    std::string name;
    std::string password;  // pw_passwd: a crypt(3) hash, or "x" / "*" when shadowed or locked
    uid_t uid = 0;
    gid_t gid = 0;
    std::string home;
};

// The passwd entry of `name`: nullopt when there is none, an error when the name service
// failed (the error names `name`).
Result<std::optional<SystemUser>> find_system_user(const std::string& name);
// The gid of group `name`, nullopt when there is none.
Result<std::optional<gid_t>> find_group_id(const std::string& name);

// Replaces user and group names in the uid= and gid= fields with their numbers, as the mail
// workers need them ("uid=vmail" -> "uid=104"). Numbers stay as they are; an unknown name or an
// empty value is an error naming the field.
Result<void> resolve_id_fields(Fields& fields);

// True for a non-empty string of decimal digits.
bool is_decimal(std::string_view text);

}  // namespace roost::auth
