// `roostadm quota get -u USER`, like doveadm quota get: the user's usage (summed over the
// mailboxes the rules count) beside the limits of the quota rules (mail_plugins = quota).
#include <nlohmann/json.hpp>

#include <sysexits.h>

#include <iostream>
#include <string>

#include "lda/lda_settings.hpp"
#include "tools/roostadm/mail_access.hpp"
#include "tools/roostadm/verb.hpp"
#include "tools/roostadm/verb_options.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace roost::tools::roostadm {

void quota_help(std::ostream& out)
{
    out << "usage: roostadm quota get -u USER [--json] [-c CONFIG]\n"
           "Prints STORAGE (KiB, as doveadm) and MESSAGE usage with the limits of the user's quota\n"
           "rules (quota_rule in plugin { }, overridden by userdb's quota_rule fields).\n"
           "The count backend needs no recalc: usage is counted from the mail files each time.\n";
}

int quota_run(std::span<char*> args)
{
    MailOptions o;
    po::options_description table("quota options");
    const auto words = parse_mail_verb("quota", args, table, o);
    if (!words) {
        return kExitUsage;
    }
    if (words->size() != 1 || ((*words)[0] != "get" && (*words)[0] != "recalc")) {
        quota_help(std::cerr);
        return kExitUsage;
    }
    int code = kExitOk;
    auto mail = open_user_mail("quota", o, code);
    if (!mail) {
        return code;
    }
    const config::FilterContext ctx{"doveadm", "", "", ""};
    auto settings = lda::read_lda_settings(*mail->config, ctx, mail->user, mail->user.name);
    if (!settings) {
        mail_error("quota", settings.error().message);
        return EX_CONFIG;
    }
    if (!settings->quota) {
        mail_error("quota", "no quota for " + mail->user.name + " (mail_plugins has no quota, or no quota_rule)");
        return kExitNo;
    }
    if ((*words)[0] == "recalc") {
        return kExitOk;  // nothing is stored: the count backend always counts
    }
    auto usage = storage::quota_usage(*mail->storage, *settings->quota);
    if (!usage) {
        mail_error("quota", usage.error().message);
        return EX_TEMPFAIL;
    }
    const storage::Quota::Limit limit = settings->quota->limit_for("INBOX");
    struct Row {
        const char* type;
        std::uint64_t value;
        std::optional<std::uint64_t> limit;
    };
    const Row rows[] = {
        {"STORAGE", usage->bytes / 1024, limit.bytes ? std::optional<std::uint64_t>(*limit.bytes / 1024) : std::nullopt},
        {"MESSAGE", usage->messages, limit.messages},
    };
    json out = json::array();
    if (!o.json) {
        std::cout << "Quota name\tType\tValue\tLimit\t%\n";
    }
    for (const Row& r : rows) {
        const std::string percent = r.limit && *r.limit > 0 ? std::to_string(r.value * 100 / *r.limit) : "0";
        const std::string limit_text = r.limit ? std::to_string(*r.limit) : "-";
        if (o.json) {
            out.push_back({{"root", "User quota"}, {"type", r.type}, {"value", r.value},
                           {"limit", r.limit ? json(*r.limit) : json("-")}, {"percent", std::stoi(percent)}});
        } else {
            std::cout << "User quota\t" << r.type << '\t' << r.value << '\t' << limit_text << '\t' << percent << '\n';
        }
    }
    if (o.json) {
        std::cout << out.dump(2) << '\n';
    }
    return kExitOk;
}

}  // namespace roost::tools::roostadm
