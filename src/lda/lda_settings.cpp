#include "lda/lda_settings.hpp"

#include <unistd.h>

#include "config/variables.hpp"
#include "core/strings.hpp"
#include "lda/incoming_message.hpp"
#include "lda/percent_format.hpp"
#include "sieve_host/plugin_settings.hpp"
#include "storage/mail_location.hpp"
#include "worker/mailbox_defaults.hpp"
#include "worker/quota_settings.hpp"

namespace roost::lda {
namespace {

Error setting_error(const std::string& message)
{
    return Error{std::make_error_code(std::errc::invalid_argument), message};
}

std::string system_hostname()
{
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

std::string domain_of(const std::string& address)
{
    const auto at = address.rfind('@');
    return at == std::string::npos ? std::string() : address.substr(at + 1);
}

storage::NamespaceNames inbox_names(const config::Config& cfg, const std::string& mail_location)
{
    auto location = storage::parse_mail_location(mail_location, {});
    return worker::inbox_names(cfg, location ? *location : storage::MailLocation{.driver = "maildir"});
}

}  // namespace

Result<LdaSettings> read_lda_settings(const config::Config& cfg, const config::FilterContext& ctx,
                                      const worker::MailUser& user, const std::string& recipient)
{
    LdaSettings s;
    for (const std::string& p : cfg.get_list("mail_plugins", ctx)) {
        s.sieve_enabled = s.sieve_enabled || p == "sieve";
    }
    const sieve_host::PluginValues plugin = sieve_host::plugin_values(cfg, ctx, user.fields);
    const auto value = [&](const std::string& key) {
        auto it = plugin.find(key);
        return it == plugin.end() ? std::string() : it->second;
    };

    const std::string hostname = cfg.get("hostname", ctx).empty() ? system_hostname() : cfg.get("hostname", ctx);
    const std::string domain = domain_of(recipient.empty() ? user.name : recipient);
    config::Variables vars;
    vars.set("user", user.name, 'u');
    vars.set("username", user.name.substr(0, user.name.find('@')), 'n');
    vars.set("domain", domain, 'd');
    vars.set("home", user.home, 'h');
    vars.set("hostname", hostname);
    auto postmaster = config::expand_variables(cfg.get("postmaster_address", ctx), vars);
    if (!postmaster) {
        return setting_error("postmaster_address: " + postmaster.error().message);
    }

    DeliverySettings& d = s.delivery;
    d.mailbox_autocreate = cfg.get_bool("lda_mailbox_autocreate", ctx);
    d.mailbox_autosubscribe = cfg.get_bool("lda_mailbox_autosubscribe", ctx);
    d.names = inbox_names(cfg, user.mail_location);
    d.postmaster_address = *postmaster;
    d.hostname = hostname;
    d.rejection_subject = cfg.get("rejection_subject", ctx);
    d.rejection_reason = cfg.get("rejection_reason", ctx);
    if (!value("sieve_redirect_envelope_from").empty()) {
        d.redirect_envelope_from = value("sieve_redirect_envelope_from");
    }

    s.scripts = sieve_host::script_settings(plugin);

    sieve::Settings base;
    base.hostname = hostname;
    base.notify_from = *postmaster;
    base.recipient_delimiter = cfg.get("recipient_delimiter", ctx);
    auto engine = sieve_host::engine_settings(plugin, base);
    if (!engine) {
        return engine.error();
    }
    s.sieve = std::move(*engine);
    s.environment_items = sieve_host::environment_items(plugin);
    s.environment_items.emplace("host", hostname);
    s.environment_items.emplace("domain", domain.empty() ? hostname : domain);

    s.original_recipient_header = cfg.get("lda_original_recipient_header", ctx);
    s.deliver_log_format = cfg.get("deliver_log_format", ctx);
    s.sendmail_path = cfg.get("sendmail_path", ctx);
    s.submission_host = cfg.get("submission_host", ctx);
    s.quota_full_tempfail = cfg.get_bool("quota_full_tempfail", ctx);

    auto quota = worker::read_quota_settings(cfg, ctx, plugin);
    if (!quota) {
        return quota.error();
    }
    if (*quota) {
        s.quota = std::move((*quota)->quota);
        s.delivery.quota_exceeded_message = std::move((*quota)->exceeded_message);
    }
    return s;
}

std::string format_deliver_log(std::string_view format, std::string_view message, std::string_view sender,
                               std::string_view status)
{
    return expand_percent(format, [&](char letter) -> std::optional<std::string> {
        switch (letter) {
        case 'm': return header_value(message, "Message-ID");
        case 's': return header_value(message, "Subject");
        case 'f': return header_value(message, "From");
        case 'e': return std::string(sender);
        case 'p': return std::to_string(message.size());
        case '$': return std::string(status);
        default: return std::nullopt;
        }
    });
}

}  // namespace roost::lda
