// mail_max_userip_connections without a counting daemon: each session of a user from one IP
// address holds an flock() on one of `limit` slot files named after the protocol, user and
// address. The kernel drops the lock when the session's process ends, however it ends, so the
// count can never leak; a session that finds every slot locked is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/unique_fd.hpp"

namespace roost::worker {

// Claims a free slot in `dir` (created 0700 when missing) and returns the descriptor that holds
// it (keep it open for the session); nullopt when all `limit` slots are taken. limit 0 means no
// limit: an invalid descriptor is returned. Errors when the directory or files cannot be made.
Result<std::optional<UniqueFd>> claim_connection_slot(const std::string& dir, std::string_view protocol,
                                                      std::string_view user, std::string_view ip, unsigned limit);

// Dovecot's words, for the log and for the client.
std::string connection_limit_text(unsigned limit);

}  // namespace roost::worker
