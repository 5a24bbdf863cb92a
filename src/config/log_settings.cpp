// Log settings from the configuration.
#include "config/log_settings.hpp"

namespace roost::config {

log::Settings log_settings(const Config& config, LogRole role, const FilterContext& ctx)
{
    log::Settings s;
    s.log_path = config.get("log_path", ctx);
    s.info_log_path = config.get("info_log_path", ctx);
    s.debug_log_path = config.get("debug_log_path", ctx);
    s.syslog_facility = config.get("syslog_facility", ctx);
    s.timestamp_format = config.get("log_timestamp", ctx);
    s.syslog_ident = config.get("instance_name", ctx);
    switch (role) {
    case LogRole::Mail: s.debug = config.get_bool("mail_debug", ctx); break;
    case LogRole::Auth: s.debug = config.get_bool("auth_debug", ctx); break;
    case LogRole::Other: s.debug = false; break;
    }
    return s;
}

}  // namespace roost::config
