// roost-imap: the imap worker service. Started by the master (as root when the master is), it
// takes over clients from imap-login; each runs in its own process as its mail user.
#include <unistd.h>

#include "config/config.hpp"
#include "core/log.hpp"
#include "imap/worker/imap_session.hpp"
#include "net/inherited_listeners.hpp"
#include "sieve_host/plugin_settings.hpp"
#include "storage/storage.hpp"
#include "worker/handoff_server.hpp"
#include "worker/mailbox_defaults.hpp"
#include "worker/namespace_list.hpp"
#include "worker/quota_settings.hpp"
#include "worker/service_start.hpp"
#include "worker/storage_settings.hpp"
#include "worker/user_policy.hpp"

namespace {

using namespace roost;

constexpr int kExitUsage = 64;

// The login's LOGIN / AUTHENTICATE gets a NO [UNAVAILABLE] (a temporary server-side failure,
// RFC 5530), and the client is closed.
int fail_session(int fd, const std::string& tag, const std::string& why)
{
    log::error(why);
    const std::string reply = (tag.empty() ? std::string("*") : tag) +
                              " NO [UNAVAILABLE] Internal error occurred. Refer to server log for more information.\r\n";
    (void)!::write(fd, reply.data(), reply.size());
    return 1;
}

// The session's namespaces over the user's storage `inbox` (the inbox namespace's, and that of
// every namespace without a location) and the storages of those with one, opened into `opened`
// with the same user, home and storage settings. An error names the namespace; one with
// ignore_on_failure is left out instead.
Result<std::vector<imap::SessionNamespace>> open_namespaces(const std::vector<worker::NamespaceConfig>& configs,
                                                             storage::Storage& inbox,
                                                             const storage::StorageSettings& settings,
                                                             std::vector<std::unique_ptr<storage::Storage>>& opened)
{
    std::vector<imap::SessionNamespace> out;
    for (const worker::NamespaceConfig& n : configs) {
        storage::Storage* store = &inbox;
        if (!n.inbox && !n.location.empty()) {
            storage::StorageSettings own = settings;
            own.mail_location = n.location;
            auto made = storage::open_storage(own);
            if (!made && n.ignore_on_failure) {
                log::warning(n.label, ": left out (ignore_on_failure): ", made.error().message);
                continue;
            }
            if (!made) {
                return Error{made.error().code, n.label + ": " + made.error().message};
            }
            opened.push_back(std::move(*made));
            store = opened.back().get();
        }
        const char separator = n.separator.size() == 1 ? n.separator.front() : storage::default_separator(store->location());
        const imap::Listing list = n.list == worker::NamespaceListing::No         ? imap::Listing::No
                                   : n.list == worker::NamespaceListing::Children ? imap::Listing::Children
                                                                                  : imap::Listing::Yes;
        out.push_back({{n.prefix, separator}, store, n.inbox, n.hidden, list});
    }
    return out;
}

}  // namespace

int main(int argc, char** argv)
{
    const config::FilterContext ctx{.protocol = "imap"};
    auto started = worker::start_service(argc, argv, "imap", ctx);
    if (!started.config) {
        return started.exit_code;
    }
    const config::Config& cfg = *started.config;
    imap::ImapSettings settings;
    settings.idle_notify = cfg.get_time("imap_idle_notify_interval", ctx);
    settings.idle_check = cfg.get_time("mailbox_idle_check_interval", ctx);
    if (settings.idle_notify.count() <= 0) {
        settings.idle_notify = std::chrono::minutes(2);
    }
    if (settings.idle_check.count() <= 0) {
        settings.idle_check = std::chrono::seconds(30);
    }
    settings.limits.max_line_length = cfg.get_size("imap_max_line_length", ctx);
    settings.logout_format = cfg.get("imap_logout_format", ctx);
    settings.limits.literal_minus = cfg.get_bool("imap_literal_minus", ctx);
    settings.capabilities.literal_minus = settings.limits.literal_minus;
    const std::vector<worker::MailboxDefault> mailboxes = worker::mailbox_defaults(cfg);
    const std::vector<worker::NamespaceConfig> namespaces = worker::private_namespaces(cfg);
    for (const worker::MailboxDefault& m : mailboxes) {
        if (!m.special_use.empty()) {
            auto& uses = settings.special_use[m.name];
            uses.insert(uses.end(), m.special_use.begin(), m.special_use.end());
        }
    }
    const bool quota_plugin = worker::has_mail_plugin(cfg, ctx, "quota");
    settings.capabilities.quota = quota_plugin && worker::has_mail_plugin(cfg, ctx, "imap_quota");

    auto listeners = net::inherited_listeners();
    if (!listeners || listeners->size() != 1 || listeners->front().kind != "unix") {
        log::fatal("expected one hand-off socket from the master (service imap { unix_listener login/imap })");
        return kExitUsage;
    }
    const worker::WorkerSetup setup{"imap", cfg.get("base_dir") + "/auth-master", worker::user_policy(cfg, ctx),
                                    static_cast<unsigned>(cfg.get_uint("mail_max_userip_connections", ctx)),
                                    cfg.get("base_dir") + "/userip", worker::service_process_limit(cfg, "imap")};
    log::info("imap worker service ready");
    return worker::serve_handoffs(listeners->front().fd, setup, [&](worker::ClientSession&& s) {
        log::set_session(s.handoff.session);
        if (s.user.mail_location.empty()) {
            return fail_session(s.client.get(), s.handoff.tag, "mail_location is not set and userdb gave no mail=");
        }
        const storage::StorageSettings store_settings = worker::storage_settings(cfg, ctx, s.user);
        auto store = storage::open_storage(store_settings);
        if (!store) {
            return fail_session(s.client.get(), s.handoff.tag, store.error().message);
        }
        std::vector<std::unique_ptr<storage::Storage>> other_storages;
        auto served = open_namespaces(namespaces, **store, store_settings, other_storages);
        if (!served) {
            return fail_session(s.client.get(), s.handoff.tag, served.error().message);
        }
        if (auto made = worker::apply_mailbox_defaults(**store, mailboxes); !made) {
            log::error("auto = create/subscribe folders: ", made.error().message);  // the session goes on
        }
        imap::ImapSettings user_settings = settings;
        // The user's quota (mail_plugins has quota): plugin settings with the userdb's
        // quota_rule ... overriding them. APPEND and COPY obey it; QUOTA needs imap_quota too.
        auto quota = quota_plugin ? worker::read_quota_settings(cfg, ctx, sieve_host::plugin_values(cfg, ctx, s.user.fields))
                                  : Result<std::optional<worker::QuotaSettings>>(std::nullopt);
        if (!quota) {
            return fail_session(s.client.get(), s.handoff.tag, "quota: " + quota.error().message);
        }
        if (*quota) {
            user_settings.quota = std::move((*quota)->quota);
            user_settings.quota_root = std::move((*quota)->root_name);
            user_settings.quota_exceeded_message = std::move((*quota)->exceeded_message);
            // APPENDLIMIT (RFC 7889): a larger message is refused before it is sent.
            const std::uint64_t max_size = user_settings.quota->max_mail_size();
            if (max_size != 0 && max_size < user_settings.limits.max_literal_size) {
                user_settings.limits.max_literal_size = max_size;
            }
        }
        user_settings.capabilities.append_limit = user_settings.limits.max_literal_size;
        imap::run_imap_session(s.client.get(), std::move(s.handoff.pending_input), s.handoff.tag, std::move(*served),
                               user_settings);
        return 0;
    });
}
