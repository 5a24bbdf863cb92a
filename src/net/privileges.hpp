// Dropping root for good: a process becomes a given user (groups, gid, uid), optionally inside a
// chroot, and checks that it cannot get root back.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "core/result.hpp"

namespace roost::net {

struct Identity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;  // supplementary groups; empty means none
    std::string chroot;         // empty means no chroot
};

// Looks a system user up by name (getpwnam), with its primary group and supplementary groups.
Result<Identity> system_user(const std::string& name);
// A system group's gid (getgrnam).
Result<gid_t> system_group(const std::string& name);

// Becomes `who`. When the process is not root it can only keep its identity: asking for another
// uid is an error, asking for its own is a no-op (tests and the demo run as a normal user).
Result<void> become(const Identity& who);

}  // namespace roost::net
