// The UserPolicy every mail process (workers, roost-lda) reads from roost.conf:
// first/last_valid_uid/gid, mail_uid/gid, mail_location, mail_chroot, valid_chroot_dirs,
// mail_access_groups.
#pragma once

#include "config/config.hpp"
#include "worker/mail_user.hpp"

namespace roost::worker {

UserPolicy user_policy(const config::Config& cfg, const config::FilterContext& ctx);

}  // namespace roost::worker
