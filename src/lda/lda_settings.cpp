#include "lda/lda_settings.hpp"

#include <unistd.h>

#include <set>

#include "config/variables.hpp"
#include "core/strings.hpp"
#include "lda/incoming_message.hpp"
#include "sieve/settings_parse.hpp"
#include "storage/mail_location.hpp"

namespace roost::lda {
namespace {

const config::FilterContext kLda{.protocol = "lda"};

Error setting_error(const std::string& message)
{
    return Error{std::make_error_code(std::errc::invalid_argument), message};
}

// Every plugin key the config sets (global and protocol lda plugin blocks).
std::set<std::string> plugin_keys(const config::Config& cfg)
{
    std::set<std::string> keys;
    const auto collect = [&](const config::Section& s) {
        for (const config::Setting& setting : s.settings) {
            keys.insert(setting.key);
        }
    };
    for (const config::Section* p : cfg.sections("plugin")) {
        collect(*p);
    }
    for (const config::Section* proto : cfg.sections("protocol")) {
        for (const config::Section* p : proto->children_of("plugin")) {
            collect(*p);
        }
    }
    return keys;
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

char default_separator(const config::Config& cfg, const std::string& mail_location)
{
    for (const config::Section* ns : cfg.sections("namespace")) {
        const std::string sep = config::Config::section_value(*ns, "separator");
        if (config::Config::section_value(*ns, "inbox") == "yes" && sep.size() == 1) {
            return sep[0];
        }
    }
    auto loc = storage::parse_mail_location(mail_location, {});
    return loc && (loc->layout == "fs" || loc->driver == "mbox") ? '/' : '.';
}

}  // namespace

worker::UserPolicy user_policy(const config::Config& cfg, const config::FilterContext& ctx)
{
    worker::UserPolicy p;
    p.first_valid_uid = static_cast<uid_t>(cfg.get_uint("first_valid_uid", ctx));
    p.last_valid_uid = static_cast<uid_t>(cfg.get_uint("last_valid_uid", ctx));
    p.first_valid_gid = static_cast<gid_t>(cfg.get_uint("first_valid_gid", ctx));
    p.last_valid_gid = static_cast<gid_t>(cfg.get_uint("last_valid_gid", ctx));
    p.mail_uid = cfg.get("mail_uid", ctx);
    p.mail_gid = cfg.get("mail_gid", ctx);
    p.mail_location = cfg.mail_location(ctx);
    p.mail_chroot = cfg.get("mail_chroot", ctx);
    p.valid_chroot_dirs = cfg.get_list("valid_chroot_dirs", ctx);
    p.mail_access_groups = cfg.get_list("mail_access_groups", ctx);
    return p;
}

Result<LdaSettings> read_lda_settings(const config::Config& cfg, const worker::MailUser& user,
                                      const std::string& recipient)
{
    LdaSettings s;
    for (const std::string& p : cfg.get_list("mail_plugins", kLda)) {
        s.sieve_enabled = s.sieve_enabled || p == "sieve";
    }
    // Plugin values: the config's, then the userdb's fields of the same names.
    std::map<std::string, std::string> plugin;
    for (const std::string& key : plugin_keys(cfg)) {
        plugin[key] = cfg.plugin(key, kLda);
    }
    for (const auto& f : user.fields) {
        if (f.key.starts_with("sieve") || f.key == "recipient_delimiter") {
            plugin[f.key] = f.value;
        }
    }
    const auto value = [&](const std::string& key) {
        auto it = plugin.find(key);
        return it == plugin.end() ? std::string() : it->second;
    };

    const std::string hostname = cfg.get("hostname", kLda).empty() ? system_hostname() : cfg.get("hostname", kLda);
    const std::string domain = domain_of(recipient.empty() ? user.name : recipient);
    config::Variables vars;
    vars.set("user", user.name, 'u');
    vars.set("username", user.name.substr(0, user.name.find('@')), 'n');
    vars.set("domain", domain, 'd');
    vars.set("home", user.home, 'h');
    vars.set("hostname", hostname);
    auto postmaster = config::expand_variables(cfg.get("postmaster_address", kLda), vars);
    if (!postmaster) {
        return setting_error("postmaster_address: " + postmaster.error().message);
    }

    DeliverySettings& d = s.delivery;
    d.mailbox_autocreate = cfg.get_bool("lda_mailbox_autocreate", kLda);
    d.mailbox_autosubscribe = cfg.get_bool("lda_mailbox_autosubscribe", kLda);
    d.separator = default_separator(cfg, user.mail_location);
    d.postmaster_address = *postmaster;
    d.hostname = hostname;
    d.rejection_subject = cfg.get("rejection_subject", kLda);
    d.rejection_reason = cfg.get("rejection_reason", kLda);
    if (!value("sieve_redirect_envelope_from").empty()) {
        d.redirect_envelope_from = value("sieve_redirect_envelope_from");
    }

    ScriptSettings& sc = s.scripts;
    sc.sieve = plugin.contains("sieve") ? value("sieve") : "file:~/sieve;active=~/.dovecot.sieve";
    sc.sieve_dir = value("sieve_dir");
    sc.sieve_default = !value("sieve_default").empty() ? value("sieve_default") : value("sieve_global_path");
    sc.sieve_global = !value("sieve_global").empty() ? value("sieve_global") : value("sieve_global_dir");
    for (const char* kind : {"sieve_before", "sieve_after"}) {
        auto& list = std::string(kind) == "sieve_before" ? sc.before : sc.after;
        for (int i = 1; i < 100; ++i) {
            const std::string key = std::string(kind) + (i == 1 ? "" : std::to_string(i));
            if (!plugin.contains(key)) {
                break;
            }
            list.push_back(value(key));
        }
    }

    s.sieve.hostname = hostname;
    s.sieve.notify_from = *postmaster;
    s.sieve.recipient_delimiter = cfg.get("recipient_delimiter", kLda);
    for (const auto& [key, v] : plugin) {
        if (key.starts_with("sieve_environment_")) {
            s.environment_items[key.substr(18)] = v;
            continue;
        }
        if (!key.starts_with("sieve_") && key != "recipient_delimiter") {
            continue;
        }
        if (auto applied = sieve::apply_setting(s.sieve, key, v); !applied) {
            return setting_error("plugin " + key + ": " + applied.error().message);
        }
    }
    s.environment_items.emplace("host", hostname);
    s.environment_items.emplace("domain", domain.empty() ? hostname : domain);

    s.original_recipient_header = cfg.get("lda_original_recipient_header", kLda);
    s.deliver_log_format = cfg.get("deliver_log_format", kLda);
    s.sendmail_path = cfg.get("sendmail_path", kLda);
    s.submission_host = cfg.get("submission_host", kLda);
    s.fsync = cfg.get("mail_fsync", kLda) != "never";
    s.quota_full_tempfail = cfg.get_bool("quota_full_tempfail", kLda);
    return s;
}

std::string format_deliver_log(std::string_view format, std::string_view message, std::string_view sender,
                               std::string_view status)
{
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 == format.size()) {
            out += format[i];
            continue;
        }
        switch (format[++i]) {
        case 'm': out += header_value(message, "Message-ID"); break;
        case 's': out += header_value(message, "Subject"); break;
        case 'f': out += header_value(message, "From"); break;
        case 'e': out += sender; break;
        case 'p': out += std::to_string(message.size()); break;
        case '$': out += status; break;
        case '%': out += '%'; break;
        default:
            out += '%';
            out += format[i];
        }
    }
    return out;
}

}  // namespace roost::lda
