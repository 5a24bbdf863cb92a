#include "worker/storage_settings.hpp"

namespace roost::worker {

storage::StorageSettings storage_settings(const config::Config& cfg, const config::FilterContext& ctx,
                                          const MailUser& user)
{
    storage::StorageSettings s;
    s.mail_location = user.mail_location;
    s.variables = {user.name, user.home};
    s.fsync = cfg.get("mail_fsync", ctx) != "never";
    s.mbox.read_locks = cfg.get_list("mbox_read_locks", ctx);
    s.mbox.write_locks = cfg.get_list("mbox_write_locks", ctx);
    s.mbox.lock_timeout = std::chrono::duration_cast<std::chrono::seconds>(cfg.get_time("mbox_lock_timeout", ctx));
    s.mbox.dotlock_change_timeout =
        std::chrono::duration_cast<std::chrono::seconds>(cfg.get_time("mbox_dotlock_change_timeout", ctx));
    return s;
}

}  // namespace roost::worker
