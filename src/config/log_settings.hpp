// How a process logs, read from the configuration: log_path, info_log_path, debug_log_path,
// syslog_facility, log_timestamp, and mail_debug or auth_debug for debug output.
#pragma once

#include "config/config.hpp"
#include "core/log.hpp"

namespace roost::config {

enum class LogRole { Mail, Auth, Other };

// The log settings for a process of `role` serving `ctx` (protocol filters may change them).
log::Settings log_settings(const Config& config, LogRole role, const FilterContext& ctx = {});

}  // namespace roost::config
