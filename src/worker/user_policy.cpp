#include "worker/user_policy.hpp"

namespace roost::worker {

UserPolicy user_policy(const config::Config& cfg, const config::FilterContext& ctx)
{
    UserPolicy p;
    p.first_valid_uid = static_cast<uid_t>(cfg.get_uint("first_valid_uid", ctx));
    p.last_valid_uid = static_cast<uid_t>(cfg.get_uint("last_valid_uid", ctx));
    p.first_valid_gid = static_cast<gid_t>(cfg.get_uint("first_valid_gid", ctx));
    p.last_valid_gid = static_cast<gid_t>(cfg.get_uint("last_valid_gid", ctx));
    p.mail_uid = cfg.get("mail_uid", ctx);
    p.mail_gid = cfg.get("mail_gid", ctx);
    p.mail_location = cfg.mail_location(ctx);
    p.mail_chroot = cfg.get("mail_chroot", ctx);
    p.valid_chroot_dirs = cfg.get_list("valid_chroot_dirs", ctx);
    p.mail_access_groups = cfg.get_list("mail_access_groups", ctx);
    return p;
}

}  // namespace roost::worker
