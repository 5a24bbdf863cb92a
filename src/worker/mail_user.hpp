// MailUser: who a mail worker becomes and where that user's mail is, decided from the userdb's
// answer and the config's limits. This is the check that keeps a worker from ever running as
// root or as a system account, whatever the userdb says.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/proto/fields.hpp"
#include "core/result.hpp"

namespace roost::worker {

struct UserPolicy {
    uid_t first_valid_uid = 500;
    uid_t last_valid_uid = 0;  // 0: no upper limit
    gid_t first_valid_gid = 1;
    gid_t last_valid_gid = 0;
    std::string mail_uid;       // used when userdb gives no uid (a name or a number)
    std::string mail_gid;
    std::string mail_location;  // used when userdb gives no mail=
    std::string mail_chroot;
    std::vector<std::string> valid_chroot_dirs;
    std::vector<std::string> mail_access_groups;
};

struct MailUser {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> extra_groups;  // mail_access_groups
    std::string home;                 // as the worker sees it (inside the chroot when there is one)
    std::string chroot;               // empty: none
    std::string mail_location;        // with ~ still to expand against home
    std::vector<auth::proto::Param> fields;  // every userdb field, for quota_rule and plugins
};

// Looks up system users and groups by name; tests inject their own.
struct NameResolver {
    std::function<std::optional<uid_t>(const std::string&)> user;
    std::function<std::optional<gid_t>(const std::string&)> group;
};
NameResolver system_names();

// Errors (a message fit for the log, naming the user and the rule) when the uid or gid is
// missing or outside the valid ranges, a name does not resolve, or a chroot is not under
// valid_chroot_dirs. A home of "/chroot/./home" splits into chroot and home, as in Dovecot.
Result<MailUser> resolve_mail_user(const std::string& name, const std::vector<auth::proto::Param>& fields,
                                   const UserPolicy& policy, const NameResolver& names = system_names());

}  // namespace roost::worker
