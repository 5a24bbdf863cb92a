// Global settings of the auth service and the login processes.
#include "config/settings_tables.hpp"

namespace roost::config::tables {
namespace {
using enum ValueType;
using enum Support;

constexpr SettingDef kAuth[] = {
    {"auth_mechanisms", List, "plain", "SASL mechanisms offered: plain login cram-md5 scram-sha-1 scram-sha-256 external anonymous apop."},
    {"disable_plaintext_auth", Bool, "yes", "Refuse plaintext authentication (LOGIN, PLAIN) unless the connection uses TLS or comes from this host or login_trusted_networks."},
    {"auth_username_format", String, "%Lu", "How user names are rewritten before lookups (%-variables; %Lu lowercases)."},
    {"auth_username_chars", String, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890.-_@", "Characters allowed in user names; empty allows all."},
    {"auth_username_translation", String, "", "Pairs of characters translated in user names before lookups (e.g. \"#@/@\")."},
    {"auth_default_realm", String, "", "Domain appended to user names given without one."},
    {"auth_realms", List, "", "Realms (domains) offered to mechanisms that ask for them."},
    {"auth_anonymous_username", String, "anonymous", "User the ANONYMOUS mechanism logs in as."},
    {"auth_master_user_separator", String, "", "Separator in \"user*master\" logins by a master user; empty disables them."},
    {"master_user_separator", String, "", "The same, as Dovecot 2.3's login processes spell it."},
    {"auth_failure_delay", Time, "2 secs", "Delay before a failed authentication is answered, without blocking other clients."},
    {"auth_cache_size", Size, "0", "Size of the auth cache; 0 disables it."},
    {"auth_cache_ttl", Time, "1 hours", "How long a successful lookup stays in the auth cache."},
    {"auth_cache_negative_ttl", Time, "1 hours", "How long a failed lookup stays in the auth cache; 0 disables negative caching."},
    {"auth_cache_verify_password_with_worker", Bool, "no", "Dovecot's auth worker processes; Roost verifies in the auth service.", Internal},
    {"auth_worker_max_count", UInt, "30", "Dovecot's auth worker processes; Roost hashes passwords off its event loop by itself.", Internal},
    {"auth_verbose", Bool, "no", "Log every failed authentication and its reason (never the password)."},
    {"auth_verbose_passwords", String, "no", "Log mismatched passwords: no, plain, sha1, or truncated (plain:3, sha1:6)."},
    {"auth_debug", Bool, "no", "Log each auth lookup in detail (passwords hidden)."},
    {"auth_debug_passwords", Bool, "no", "Also log passwords in auth debug output; for test machines only."},
    {"auth_ssl_require_client_cert", Bool, "no", "Require a valid TLS client certificate to authenticate."},
    {"auth_ssl_username_from_cert", Bool, "no", "Take the user name from the client certificate (ssl_cert_username_field)."},
    {"auth_socket_path", String, "auth-userdb", "Socket, relative to base_dir, that the LDA and workers use for userdb lookups."},
    {"auth_stats", Bool, "no", "Dovecot's auth statistics events.", Internal},
    {"auth_proxy_self", String, "", "Proxying to backends is not built yet.", Missing},
    {"auth_gssapi_hostname", String, "", "GSSAPI/Kerberos authentication", Missing},
    {"auth_krb5_keytab", String, "", "GSSAPI/Kerberos authentication", Missing},
    {"auth_use_winbind", Bool, "no", "NTLM through Samba's winbind", Missing},
    {"auth_winbind_helper_path", String, "/usr/bin/ntlm_auth", "NTLM through Samba's winbind", Missing},
    {"login_greeting", String, "Roost ready.", "Greeting sent by the login processes."},
    {"login_trusted_networks", List, "", "Networks (CIDR) whose clients may send their real address (ID x-originating-ip) and count as secured for plaintext auth."},
    {"login_log_format", String, "%$: %s", "Format of login log lines: %$ is the event, %s the elements below."},
    {"login_log_format_elements", String, "user=<%u> method=%m rip=%r lip=%l mpid=%e %c session=<%{session}>", "Elements of login log lines."},
    {"login_access_sockets", List, "", "TCP wrappers checks for logins", Missing},
    {"login_plugins", List, "", "Dovecot login plugins", Missing},
    {"login_source_ips", List, "", "Source addresses for proxied connections; proxying is not built yet.", Missing},
    {"login_proxy_max_disconnect_delay", UInt, "0", "Login proxying to backends is not built yet.", Missing},
    {"login_proxy_max_reconnects", UInt, "3", "Login proxying to backends is not built yet.", Missing},
    {"login_proxy_notify_path", String, "proxy-notify", "Login proxying to backends is not built yet.", Missing},
    {"login_proxy_rawlog_dir", String, "", "Login proxying to backends is not built yet.", Missing},
    {"login_proxy_timeout", Time, "30 secs", "Login proxying to backends is not built yet.", Missing},
    {"auth_policy_server_url", String, "", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_server_api_header", String, "", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_server_timeout_msecs", UInt, "2000", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_hash_mech", String, "sha256", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_hash_nonce", String, "", "the external auth policy server (weakforced)", Missing, {}, kSecret},
    {"auth_policy_hash_truncate", UInt, "12", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_reject_on_fail", Bool, "no", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_request_attributes", String, "login=%{requested_username} pwhash=%{hashed_password} remote=%{rip} device_id=%{client_id} protocol=%s session_id=%{session}", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_check_before_auth", Bool, "yes", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_check_after_auth", Bool, "yes", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_report_after_auth", Bool, "yes", "the external auth policy server (weakforced)", Missing},
    {"auth_policy_log_only", Bool, "no", "the external auth policy server (weakforced)", Missing},
    {"haproxy_trusted_networks", List, "", "the HAProxy PROXY protocol", Missing},
    {"haproxy_timeout", Time, "3 secs", "the HAProxy PROXY protocol", Missing},
};

}  // namespace

std::span<const SettingDef> auth() { return kAuth; }

}  // namespace roost::config::tables
