// The sections Roost reads, with the keys each may hold.
#include "config/sections.hpp"

#include <vector>

#include "config/settings_tables.hpp"

namespace roost::config {

std::span<const SettingDef> global_settings()
{
    static const std::vector<SettingDef> all = [] {
        std::vector<SettingDef> v;
        for (auto table : {tables::base(), tables::auth(), tables::ssl(), tables::mail(),
                           tables::protocols(), tables::dovecot_only(), tables::obsolete()}) {
            v.insert(v.end(), table.begin(), table.end());
        }
        return v;
    }();
    return all;
}

namespace {
using enum ValueType;
using enum Support;

constexpr SettingDef kService[] = {
    {"executable", String, "", "Program (and arguments) the master starts for this service."},
    {"user", String, "", "User the service's processes run as."},
    {"group", String, "", "Group the service's processes run as."},
    {"privileged_group", String, "", "Group the process may switch to temporarily (e.g. mail for /var/mail dotlocks)."},
    {"extra_groups", List, "", "Supplementary groups of the service's processes."},
    {"chroot", String, "", "Directory the processes chroot into (login processes: an empty one)."},
    {"drop_priv_before_exec", Bool, "no", "Drop privileges before exec instead of after (no core dumps of root processes)."},
    {"process_min_avail", UInt, "0", "Processes kept started and waiting for clients."},
    {"process_limit", UInt, "0", "Most processes of this service; 0 means default_process_limit."},
    {"client_limit", UInt, "0", "Most connections one process serves; 0 means default_client_limit."},
    {"service_count", UInt, "0", "Connections a process serves before it exits; 0 means no limit, 1 means one process per connection."},
    {"idle_kill", Time, "0", "Idle processes above process_min_avail exit after this; 0 means default_idle_kill."},
    {"vsz_limit", Size, "0", "Address-space limit per process; 0 means default_vsz_limit."},
    {"protocol", String, "", "Protocol that must be in protocols for this service to run."},
    {"type", Enum, "", "Kind of service: login, startup, config, log, anvil, worker.", Yes, "login startup config log anvil worker"},
};

constexpr SettingDef kInetListener[] = {
    {"address", String, "", "Addresses to listen on; empty means the global listen."},
    {"port", Port, "0", "TCP port; 0 disables the listener."},
    {"ssl", Bool, "no", "Implicit TLS from the first byte (993, 995, 465)."},
    {"reuse_port", Bool, "no", "SO_REUSEPORT, so the kernel spreads connections over processes."},
    {"haproxy", Bool, "no", "the HAProxy PROXY protocol", Missing},
};

constexpr SettingDef kUnixListener[] = {
    {"mode", Mode, "0600", "Permissions of the socket."},
    {"user", String, "", "Owner of the socket."},
    {"group", String, "", "Group of the socket."},
};

constexpr SettingDef kPassdb[] = {
    {"driver", String, "", "Where passwords come from: passwd-file, pam, passwd, shadow, static."},
    {"args", String, "", "Arguments of the driver (file path, scheme=, username_format=)."},
    {"name", String, "", "Name of this passdb in logs."},
    {"default_fields", String, "", "Fields added when the driver returns none of that name (key=value ...)."},
    {"override_fields", String, "", "Fields that replace what the driver returns."},
    {"deny", Bool, "no", "A match in this passdb refuses the login."},
    {"master", Bool, "no", "This passdb holds master users, who may log in as others."},
    {"pass", Bool, "no", "With master: after the master user is verified, look the target user up in the other passdbs."},
    {"skip", Enum, "never", "When to skip this passdb: never, authenticated, unauthenticated.", Yes, "never authenticated unauthenticated"},
    {"result_success", Enum, "return-ok", "What a match does next.", Yes, "return return-ok return-fail continue continue-ok continue-fail"},
    {"result_failure", Enum, "continue", "What a failure does next.", Yes, "return return-ok return-fail continue continue-ok continue-fail"},
    {"result_internalfail", Enum, "continue", "What an internal error does next.", Yes, "return return-ok return-fail continue continue-ok continue-fail"},
    {"mechanisms", List, "", "Only use this passdb for these SASL mechanisms."},
    {"username_filter", List, "", "Only use this passdb for user names matching these patterns (!pattern excludes)."},
    {"auth_verbose", Enum, "default", "auth_verbose for this passdb only.", Yes, "default yes no"},
    {"passwd_file_path", String, "", "Dovecot 2.4's name for a passwd-file's path."},
    {"default_password_scheme", String, "", "Dovecot 2.4's name for scheme= of a passwd-file."},
};

constexpr SettingDef kUserdb[] = {
    {"driver", String, "", "Where user data (uid, gid, home) comes from: passwd-file, passwd, static, prefetch."},
    {"args", String, "", "Arguments of the driver (file path, or static uid=... gid=... home=...)."},
    {"name", String, "", "Name of this userdb in logs."},
    {"default_fields", String, "", "Fields added when the driver returns none of that name (key=value ...)."},
    {"override_fields", String, "", "Fields that replace what the driver returns."},
    {"skip", Enum, "never", "When to skip this userdb: never, found, notfound.", Yes, "never found notfound"},
    {"result_success", Enum, "return-ok", "What a match does next.", Yes, "return return-ok return-fail continue continue-ok continue-fail"},
    {"result_failure", Enum, "continue", "What a failure does next.", Yes, "return return-ok return-fail continue continue-ok continue-fail"},
    {"result_internalfail", Enum, "continue", "What an internal error does next.", Yes, "return return-ok return-fail continue continue-ok continue-fail"},
    {"auth_verbose", Enum, "default", "auth_verbose for this userdb only.", Yes, "default yes no"},
    {"passwd_file_path", String, "", "Dovecot 2.4's name for a passwd-file's path."},
};

constexpr SettingDef kNamespace[] = {
    {"type", Enum, "private", "private: the user's own folders, all served by IMAP (shared and public need ACLs, not built yet).", Yes, "private shared public"},
    {"separator", String, "", "Hierarchy separator shown to clients; empty means the storage's (. for Maildir++, / for mbox). Every list = yes namespace must show the same one."},
    {"prefix", String, "", "Prefix of the namespace's folder names (INBOX. for Courier-style clients); ends with the separator, one namespace per prefix."},
    {"location", String, "", "Storage of this namespace (IMAP; POP3, the LDA and roostadm use the inbox namespace); empty means mail_location, the inbox namespace's storage under another name."},
    {"inbox", Bool, "no", "This namespace holds INBOX; exactly one does when there are several."},
    {"hidden", Bool, "no", "Hide the namespace from NAMESPACE replies."},
    {"list", Enum, "yes", "Whether LIST shows the folders: yes, no (only to patterns starting with the prefix), children (the prefix only when it has folders).", Yes, "yes no children"},
    {"subscriptions", Bool, "yes", "The namespace keeps its own subscriptions (Roost supports only yes)."},
    {"ignore_on_failure", Bool, "no", "Carry on without the namespace when its storage cannot be opened."},
    {"disabled", Bool, "no", "Skip this namespace entirely."},
    {"alias_for", String, "", "This namespace is another name for the namespace with this prefix (not needed by Roost: one without location is that already)."},
    {"order", UInt, "0", "Order of namespaces in NAMESPACE and LIST replies (lowest first, then file order)."},
};

constexpr SettingDef kMailbox[] = {
    {"auto", Enum, "no", "Create (create) or create and subscribe (subscribe) the folder automatically.", Yes, "no create subscribe"},
    {"special_use", List, "", "SPECIAL-USE flags: \\All \\Archive \\Drafts \\Flagged \\Important \\Junk \\Sent \\Trash."},
    {"autoexpunge", Time, "0", "Expunge messages older than this (by save date) from the folder; 0 disables."},
    {"autoexpunge_max_mails", UInt, "0", "Expunge the oldest messages beyond this count; 0 disables."},
    {"comment", String, "", "Comment returned by METADATA /private/comment."},
    {"driver", String, "", "Dovecot's per-mailbox storage driver (virtual folders)", Missing},
};

constexpr std::string_view kRootChildren[] = {"service", "protocol", "local", "remote", "local_name",
                                              "passdb", "userdb", "namespace", "plugin", "dict",
                                              "metric", "event_exporter"};
constexpr std::string_view kFilterChildren[] = {"protocol", "local", "remote", "local_name",
                                                "passdb", "userdb", "namespace", "plugin"};
constexpr std::string_view kServiceChildren[] = {"inet_listener", "unix_listener", "fifo_listener"};
constexpr std::string_view kNamespaceChildren[] = {"mailbox"};

using enum SectionName;

const SectionDef kServiceDef{"service", Required, kService, kServiceChildren, "A process the master runs, with its listeners."};
const SectionDef kInetDef{"inet_listener", Optional, kInetListener, {}, "A TCP listener of a service."};
const SectionDef kUnixDef{"unix_listener", Required, kUnixListener, {}, "A unix socket of a service, named by its path (relative to base_dir)."};
const SectionDef kFifoDef{"fifo_listener", Required, kUnixListener, {}, "A FIFO of a service."};
const SectionDef kPassdbDef{"passdb", Optional, kPassdb, {}, "A password database; several are tried in order.", Yes, false, true};
const SectionDef kUserdbDef{"userdb", Optional, kUserdb, {}, "A user database; several are tried in order.", Yes, false, true};
const SectionDef kNamespaceDef{"namespace", Required, kNamespace, kNamespaceChildren, "A set of folders shown to clients."};
const SectionDef kMailboxDef{"mailbox", Required, kMailbox, {}, "Settings of one folder: special use, automatic creation."};
const SectionDef kPluginDef{"plugin", None, tables::plugin(), {}, "Settings of plugins: Sieve and quota."};
const SectionDef kDictDef{"dict", None, {}, {}, "Dovecot's dictionary server (key-value back ends)", Missing, false, false, true};
const SectionDef kMetricDef{"metric", Required, {}, {}, "Dovecot's statistics metrics", Internal, false, false, true};
const SectionDef kExporterDef{"event_exporter", Required, {}, {}, "Dovecot's statistics exporters", Internal, false, false, true};

const SectionDef& filter_def(std::string_view type)
{
    static const SectionDef protocol{"protocol", Required, global_settings(), kFilterChildren, "Settings for one protocol (imap, pop3, lmtp, lda, sieve, submission, doveadm); !name for all others.", Yes, true};
    static const SectionDef local{"local", Required, global_settings(), kFilterChildren, "Settings for connections to a local address or network.", Yes, true};
    static const SectionDef remote{"remote", Required, global_settings(), kFilterChildren, "Settings for clients from an address or network.", Yes, true};
    static const SectionDef local_name{"local_name", Required, global_settings(), kFilterChildren, "Settings for a TLS server name (SNI): certificates per host name.", Yes, true};
    if (type == "protocol") {
        return protocol;
    }
    if (type == "local") {
        return local;
    }
    return type == "remote" ? remote : local_name;
}

}  // namespace

const SectionDef& root_section()
{
    static const SectionDef root{"", None, global_settings(), kRootChildren, "Global settings."};
    return root;
}

const SectionDef* child_section(const SectionDef& parent, std::string_view type)
{
    bool allowed = false;
    for (std::string_view c : parent.children) {
        allowed = allowed || c == type;
    }
    if (!allowed) {
        return nullptr;
    }
    if (type == "protocol" || type == "local" || type == "remote" || type == "local_name") {
        return &filter_def(type);
    }
    for (const SectionDef* d : {&kServiceDef, &kInetDef, &kUnixDef, &kFifoDef, &kPassdbDef,
                                &kUserdbDef, &kNamespaceDef, &kMailboxDef, &kPluginDef, &kDictDef,
                                &kMetricDef, &kExporterDef}) {
        if (d->type == type) {
            return d;
        }
    }
    return nullptr;
}

const SectionDef* section_def(std::string_view type)
{
    for (const SectionDef* d : all_sections()) {
        if (d->type == type) {
            return d;
        }
    }
    return nullptr;
}

std::span<const SectionDef* const> all_sections()
{
    static const SectionDef* const all[] = {
        &root_section(), &filter_def("protocol"), &filter_def("local"), &filter_def("remote"),
        &filter_def("local_name"), &kServiceDef, &kInetDef, &kUnixDef, &kFifoDef, &kPassdbDef,
        &kUserdbDef, &kNamespaceDef, &kMailboxDef, &kPluginDef, &kDictDef, &kMetricDef,
        &kExporterDef};
    return all;
}

}  // namespace roost::config
