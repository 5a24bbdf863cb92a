// The storage a mail process opens for its user: the user's mail_location and the storage
// settings of roost.conf (mail_fsync, mbox_read_locks, mbox_write_locks, mbox_lock_timeout,
// mbox_dotlock_change_timeout), the same for IMAP, POP3, the LDA and LMTP.
#pragma once

#include "config/config.hpp"
#include "storage/storage.hpp"
#include "worker/mail_user.hpp"

namespace roost::worker {

storage::StorageSettings storage_settings(const config::Config& cfg, const config::FilterContext& ctx,
                                          const MailUser& user);

}  // namespace roost::worker
