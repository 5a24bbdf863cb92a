#include "sieve_host/plugin_settings.hpp"

#include <system_error>

#include "sieve/settings_parse.hpp"

namespace roost::sieve_host {
namespace {

std::string value_of(const PluginValues& plugin, const std::string& key)
{
    auto it = plugin.find(key);
    return it == plugin.end() ? std::string() : it->second;
}

}  // namespace

PluginValues plugin_values(const config::Config& cfg, const config::FilterContext& ctx,
                           const std::vector<auth::proto::Param>& user_fields)
{
    PluginValues plugin;
    const auto collect = [&](const config::Section& s) {
        for (const config::Setting& setting : s.settings) {
            plugin[setting.key] = cfg.plugin(setting.key, ctx);
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
    for (const auto& f : user_fields) {
        if (f.key.starts_with("sieve") || f.key.starts_with("quota") || f.key == "recipient_delimiter") {
            plugin[f.key] = f.value;
        }
    }
    return plugin;
}

ScriptSettings script_settings(const PluginValues& plugin)
{
    const auto value = [&](const std::string& key) { return value_of(plugin, key); };
    ScriptSettings sc;
    sc.sieve = plugin.contains("sieve") ? value("sieve") : "file:~/sieve;active=~/.dovecot.sieve";
    sc.sieve_dir = value("sieve_dir");
    sc.sieve_default = !value("sieve_default").empty() ? value("sieve_default") : value("sieve_global_path");
    sc.sieve_global = !value("sieve_global").empty() ? value("sieve_global") : value("sieve_global_dir");
    for (const std::string kind : {"sieve_before", "sieve_after"}) {
        auto& list = kind == "sieve_before" ? sc.before : sc.after;
        for (int i = 1; i < 100; ++i) {
            const std::string key = kind + (i == 1 ? "" : std::to_string(i));
            if (!plugin.contains(key)) {
                break;
            }
            list.push_back(value(key));
        }
    }
    return sc;
}

Result<sieve::Settings> engine_settings(const PluginValues& plugin, sieve::Settings base)
{
    for (const auto& [key, v] : plugin) {
        if (key.starts_with("sieve_environment_") || (!key.starts_with("sieve_") && key != "recipient_delimiter")) {
            continue;
        }
        if (auto applied = sieve::apply_setting(base, key, v); !applied) {
            return Error{std::make_error_code(std::errc::invalid_argument),
                         "plugin " + key + ": " + applied.error().message};
        }
    }
    return base;
}

std::map<std::string, std::string> environment_items(const PluginValues& plugin)
{
    std::map<std::string, std::string> items;
    for (const auto& [key, v] : plugin) {
        if (key.starts_with("sieve_environment_")) {
            items[key.substr(18)] = v;
        }
    }
    return items;
}

}  // namespace roost::sieve_host
