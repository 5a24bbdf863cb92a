#include "worker/quota_settings.hpp"

#include <system_error>
#include <vector>

#include "config/value_parse.hpp"

namespace roost::worker {

bool has_mail_plugin(const config::Config& cfg, const config::FilterContext& ctx,
                     const std::string& plugin)
{
    for (const std::string& p : cfg.get_list("mail_plugins", ctx)) {
        if (p == plugin) {
            return true;
        }
    }
    return false;
}

Result<std::optional<QuotaSettings>> read_quota_settings(
    const config::Config& cfg, const config::FilterContext& ctx,
    const std::map<std::string, std::string>& plugin)
{
    if (!has_mail_plugin(cfg, ctx, "quota")) {
        return std::optional<QuotaSettings>();
    }
    const auto value = [&](const std::string& key) -> std::optional<std::string> {
        const auto it = plugin.find(key);
        return it == plugin.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    // quota_rule, quota_rule2, quota_rule3 ... up to the first one not set.
    std::vector<std::string> rules;
    for (int i = 1; i < 100; ++i) {
        auto rule = value("quota_rule" + (i == 1 ? std::string() : std::to_string(i)));
        if (!rule) {
            break;
        }
        rules.push_back(std::move(*rule));
    }
    const std::string max_size = value("quota_max_mail_size").value_or("");
    const auto max_bytes = config::parse_size(max_size.empty() ? "0" : max_size);
    if (!max_bytes) {
        return Error{std::make_error_code(std::errc::invalid_argument),
                     "plugin quota_max_mail_size: not a size: " + max_size};
    }
    // A '%' in plugin values is written %% (Dovecot's variable syntax).
    std::string grace = value("quota_grace").value_or("10%");
    if (const auto pct = grace.find("%%"); pct != std::string::npos) {
        grace.erase(pct, 1);
    }
    auto quota = storage::Quota::parse(rules, grace, *max_bytes);
    if (!quota) {
        return quota.error();
    }

    QuotaSettings s{std::move(*quota), "User quota", value("quota_exceeded_message").value_or("")};
    if (s.exceeded_message.empty()) {
        s.exceeded_message = "Quota exceeded (mailbox for user is full)";
    }
    if (const auto root = value("quota")) {
        // BACKEND[:NAME[:ARGS]], as Dovecot splits it.
        const auto colon = root->find(':');
        s.root_name = colon == std::string::npos ? std::string() : root->substr(colon + 1);
        s.root_name = s.root_name.substr(0, s.root_name.find(':'));
    }
    return std::optional<QuotaSettings>(std::move(s));
}

}  // namespace roost::worker
