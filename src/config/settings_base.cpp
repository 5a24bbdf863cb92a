// Global settings for processes, paths and logging.
#include "config/settings_tables.hpp"

namespace roost::config::tables {
namespace {
using enum ValueType;
using enum Support;

constexpr SettingDef kBase[] = {
    {"base_dir", String, "/run/roost", "Directory for the master's pid file and the internal unix sockets."},
    {"state_dir", String, "/var/lib/roost", "Directory for state that survives restarts."},
    {"instance_name", String, "roost", "Name of this instance in process titles and logs, to tell several apart."},
    {"hostname", String, "", "Host name used in generated mail and SMTP greetings; empty means the system's."},
    {"protocols", List, "imap pop3 lmtp", "Protocols to serve: imap pop3 lmtp sieve submission, or none."},
    {"listen", String, "*, ::", "Addresses listeners bind to when they name none: IPv4 and IPv6 wildcards."},
    {"shutdown_clients", Bool, "yes", "Whether stopping the master also ends the sessions of connected clients."},
    {"verbose_proctitle", Bool, "no", "Show the user and remote address in each worker's process title."},
    {"version_ignore", Bool, "no", "Accepted for Dovecot compatibility: Roost's processes are always one version.", Internal},
    {"import_environment", List, "TZ CORE_OUTOFMEM CORE_ERROR LISTEN_PID LISTEN_FDS NOTIFY_SOCKET", "Environment variables the master passes on to its children (NAME or NAME=VALUE)."},
    {"libexec_dir", String, "/usr/lib/dovecot", "Roost finds its programs beside the master.", Internal},
    {"default_process_limit", UInt, "100", "Default for a service's process_limit."},
    {"default_client_limit", UInt, "1000", "Default for a service's client_limit."},
    {"default_idle_kill", Time, "1 mins", "Default for a service's idle_kill: idle processes above process_min_avail exit after this."},
    {"default_vsz_limit", Size, "0", "Default for a service's vsz_limit (address space per process); 0 means no limit (Dovecot: 256 M)."},
    {"default_login_user", String, "roostnull", "Unprivileged user the login processes run as; it must own nothing."},
    {"default_internal_user", String, "roost", "User the auth service and other internal processes run as."},
    {"default_internal_group", String, "roost", "Group of the internal processes."},
    {"first_valid_uid", UInt, "500", "Lowest uid a mail user may have; lower ones (system accounts) are refused."},
    {"last_valid_uid", UInt, "0", "Highest uid a mail user may have; 0 means no limit."},
    {"first_valid_gid", UInt, "1", "Lowest gid a mail user may have."},
    {"last_valid_gid", UInt, "0", "Highest gid a mail user may have; 0 means no limit."},
    {"valid_chroot_dirs", List, "", "Directories under which userdb may ask for a chroot (colon or space separated)."},
    {"log_path", String, "syslog", "Where errors and warnings go: syslog, a file, or /dev/stderr."},
    {"info_log_path", String, "", "Where informational messages go; empty means log_path."},
    {"debug_log_path", String, "", "Where debug messages go; empty means info_log_path."},
    {"syslog_facility", Enum, "mail", "Syslog facility when logging to syslog.", Yes, "mail daemon user auth local0 local1 local2 local3 local4 local5 local6 local7"},
    {"log_timestamp", String, "%b %d %H:%M:%S ", "strftime(3) prefix of each line in log files."},
    {"log_core_filter", String, "", "Dovecot's event filter for core dumps.", Internal},
    {"log_debug", String, "", "Dovecot's event filter selecting debug output; use mail_debug and auth_debug.", Internal},
    {"process_shutdown_filter", String, "", "Dovecot's event filter that ends processes after an event.", Internal},
    {"config_cache_size", Size, "1 M", "Dovecot's config cache; Roost reads its config once per process.", Internal},
    {"mail_plugin_dir", String, "/usr/lib/dovecot/modules", "Roost has its plugins built in.", Internal},
    {"login_plugin_dir", String, "/usr/lib/dovecot/modules/login", "Roost has its plugins built in.", Internal},
    {"dovecot_config_version", String, "", "Dovecot 2.4's config version line; accepted and ignored."},
    {"dovecot_storage_version", String, "", "Dovecot 2.4's storage version line; accepted and ignored."},
};

}  // namespace

std::span<const SettingDef> base() { return kBase; }

}  // namespace roost::config::tables
