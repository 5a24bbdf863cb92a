// Dovecot settings of features Roost does not have. Each is named, never silently ignored:
// Internal ones only tune Dovecot's own machinery (a notice); Missing ones ask for a feature
// Roost lacks (an error unless the value is Dovecot's default).
#include "config/settings_tables.hpp"

namespace roost::config::tables {
namespace {
using enum ValueType;
using enum Support;

constexpr SettingDef kDovecotOnly[] = {
    {"dict_db_config", String, "", "Berkeley DB dictionaries", Missing},
    {"director_flush_socket", String, "", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_mail_servers", String, "", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_max_parallel_kicks", UInt, "100", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_max_parallel_moves", UInt, "100", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_output_buffer_size", Size, "10 M", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_ping_idle_timeout", Time, "30 secs", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_ping_max_timeout", Time, "1 mins", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_servers", String, "", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_user_expire", Time, "15 mins", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_user_kick_delay", Time, "2 secs", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"director_username_hash", String, "%Lu", "the director (user-to-backend routing ring; removed in Dovecot 2.4 too)", Missing},
    {"doveadm_allowed_commands", String, "", "the doveadm server (remote admin and replication)", Missing},
    {"doveadm_api_key", String, "", "the doveadm server (remote admin and replication)", Missing, {}, kSecret},
    {"doveadm_http_rawlog_dir", String, "", "the doveadm server (remote admin and replication)", Missing},
    {"doveadm_password", String, "", "the doveadm server (remote admin and replication)", Missing, {}, kSecret},
    {"doveadm_port", Port, "0", "the doveadm server (remote admin and replication)", Missing},
    {"doveadm_socket_path", String, "doveadm-server", "the doveadm server (remote admin and replication)", Missing},
    {"doveadm_ssl", Bool, "no", "the doveadm server (remote admin and replication)", Missing},
    {"doveadm_username", String, "doveadm", "the doveadm server (remote admin and replication)", Missing},
    {"doveadm_worker_count", UInt, "0", "the doveadm server (remote admin and replication)", Missing},
    {"dsync_alt_char", String, "_", "dsync replication", Missing},
    {"dsync_commit_msgs_interval", UInt, "100", "dsync replication", Missing},
    {"dsync_features", String, "", "dsync replication", Missing},
    {"dsync_hashed_headers", String, "Date Message-ID", "dsync replication", Missing},
    {"dsync_remote_cmd", String, "ssh -l%{login} %{host} doveadm dsync-server -u%u -U", "dsync replication", Missing},
    {"imapc_cmd_timeout", Time, "5 mins", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_connection_retry_count", UInt, "1", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_connection_retry_interval", Time, "1 secs", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_features", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_host", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_list_prefix", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_master_user", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_max_idle_time", Time, "29 mins", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_max_line_length", UInt, "0", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_password", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing, {}, kSecret},
    {"imapc_port", Port, "143", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_rawlog_dir", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_sasl_mechanisms", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_ssl", Bool, "no", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_ssl_verify", Bool, "yes", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"imapc_user", String, "", "the imapc storage (a remote IMAP server as mail store)", Missing},
    {"old_stats_carbon_interval", Time, "30 secs", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_carbon_name", String, "", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_carbon_server", String, "", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_command_min_time", Time, "1 mins", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_domain_min_time", Time, "12 hours", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_ip_min_time", Time, "12 hours", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_memory_limit", Size, "16 M", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_session_min_time", Time, "15 mins", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"old_stats_user_min_time", Time, "1 hours", "Dovecot's old statistics service; Roost keeps its own counters", Internal},
    {"pop3c_features", String, "", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_host", String, "", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_master_user", String, "", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_password", String, "", "the pop3c storage (a remote POP3 server as mail store)", Missing, {}, kSecret},
    {"pop3c_port", Port, "110", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_quick_received_date", Bool, "no", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_rawlog_dir", String, "", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_ssl", Bool, "no", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_ssl_verify", Bool, "yes", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"pop3c_user", String, "%u", "the pop3c storage (a remote POP3 server as mail store)", Missing},
    {"rawlog_dir", String, "", "raw protocol logs of every session (rawlog)", Missing},
    {"replication_dsync_parameters", String, "-d -N -l 30 -U", "dsync replication", Missing},
    {"replication_full_sync_interval", Time, "1 days", "dsync replication", Missing},
    {"replication_max_conns", UInt, "10", "dsync replication", Missing},
    {"replicator_host", String, "replicator", "dsync replication", Missing},
    {"replicator_port", Port, "0", "dsync replication", Missing},
    {"stats_http_rawlog_dir", String, "", "Dovecot's statistics service; Roost keeps its own counters", Internal},
    {"stats_writer_socket_path", String, "stats-writer", "Dovecot's statistics service; Roost keeps its own counters", Internal},
};

// Settings Dovecot 2.3 itself no longer has but still accepts with a warning; old configs and
// tutorials are full of them. `help` completes "<key> ...".
constexpr SettingDef kObsolete[] = {
    {"ssl_dh_parameters_length", UInt, "", "is no longer needed", Obsolete},
    {"ssl_parameters_regenerate", String, "", "is no longer needed", Obsolete},
    {"ssl_protocols", String, "", "has been replaced by ssl_min_protocol", Obsolete},
    {"login_dir", String, "", "has been removed", Obsolete},
    {"login_user", String, "", "has been replaced by service { user }", Obsolete},
    {"login_chroot", String, "", "has been replaced by service { chroot }", Obsolete},
    {"login_executable", String, "", "has been replaced by service { executable }", Obsolete},
    {"login_process_size", String, "", "has been replaced by service { vsz_limit }", Obsolete},
    {"login_process_per_connection", String, "", "has been replaced by service { service_count }", Obsolete},
    {"login_processes_count", String, "", "has been replaced by service { process_min_avail }", Obsolete},
    {"login_max_processes_count", String, "", "has been replaced by service { process_limit }", Obsolete},
    {"login_max_connections", String, "", "has been replaced by service { client_limit }", Obsolete},
    {"max_mail_processes", String, "", "has been replaced by service { process_limit }", Obsolete},
    {"mail_executable", String, "", "has been replaced by service { executable }", Obsolete},
    {"mail_process_size", String, "", "has been replaced by service { vsz_limit }", Obsolete},
    {"auth_executable", String, "", "has been replaced by service auth { executable }", Obsolete},
    {"auth_process_size", String, "", "has been replaced by service auth { vsz_limit }", Obsolete},
    {"auth_user", String, "", "has been replaced by service auth { user }", Obsolete},
    {"ssl_listen", String, "", "has been replaced by service { inet_listener { address } }", Obsolete},
    {"imap_listen", String, "", "has been replaced by service imap-login { inet_listener { address } }", Obsolete},
    {"pop3_listen", String, "", "has been replaced by service pop3-login { inet_listener { address } }", Obsolete},
    {"dbox_rotate_size", String, "", "has been renamed to mdbox_rotate_size", Obsolete},
    {"dbox_rotate_days", String, "", "has been renamed to mdbox_rotate_interval", Obsolete},
    {"ssl_cert_file", String, "", "has been replaced by ssl_cert = <file", Obsolete},
    {"ssl_key_file", String, "", "has been replaced by ssl_key = <file", Obsolete},
    {"ssl_ca_file", String, "", "has been replaced by ssl_ca = <file", Obsolete},
    {"ssl_disable", String, "", "has been replaced by ssl = no", Obsolete},
    {"mail_drop_priv_before_exec", String, "", "has been replaced by service { drop_priv_before_exec }", Obsolete},
    {"imap_compress_deflate_level", String, "", "belongs to COMPRESS=DEFLATE, which Roost does not have", Obsolete},
};

}  // namespace

std::span<const SettingDef> dovecot_only() { return kDovecotOnly; }
std::span<const SettingDef> obsolete() { return kObsolete; }

}  // namespace roost::config::tables
