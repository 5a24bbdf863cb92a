// `roostadm mailbox list|status|create|delete|rename|subscribe|unsubscribe -u USER`, like
// doveadm's mailbox commands.
#include <nlohmann/json.hpp>

#include <sysexits.h>

#include <iostream>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "tools/roostadm/mail_access.hpp"
#include "tools/roostadm/mail_query.hpp"
#include "tools/roostadm/verb.hpp"
#include "tools/roostadm/verb_options.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace roost::tools::roostadm {
namespace {

constexpr std::string_view kStatusFields = "messages recent uidnext uidvalidity unseen highestmodseq vsize";

int failed(const std::string& what, const Error& e)
{
    mail_error("mailbox", what + ": " + e.message);
    return EX_TEMPFAIL;
}

int list(UserMail& mail, const MailOptions& o, bool subscribed_only, const std::vector<std::string>& patterns)
{
    auto listed = mail.storage->list_mailboxes();
    if (!listed) {
        return failed("list", listed.error());
    }
    auto subscribed = mail.storage->subscriptions();
    if (!subscribed) {
        return failed("list", subscribed.error());
    }
    json out = json::array();
    for (const storage::MailboxListEntry& e : *listed) {
        const bool is_subscribed = std::find(subscribed->begin(), subscribed->end(), e.name) != subscribed->end();
        const std::string name = mail.names.to_client(e.name);
        bool wanted = patterns.empty();
        for (const std::string& p : patterns) {
            wanted = wanted || mailbox_matches(p, name);
        }
        if (!wanted || (subscribed_only && !is_subscribed)) {
            continue;
        }
        if (o.json) {
            out.push_back({{"mailbox", name}, {"selectable", e.selectable}, {"subscribed", is_subscribed}});
        } else {
            std::cout << name << '\n';
        }
    }
    if (o.json) {
        std::cout << out.dump(2) << '\n';
    }
    return kExitOk;
}

int status(UserMail& mail, const MailOptions& o, const std::vector<std::string>& words)
{
    if (words.size() < 2) {
        mail_error("mailbox", "status needs FIELDS (\"all\" or some of: " + std::string(kStatusFields) +
                                  ") and a mailbox name or pattern");
        return kExitUsage;
    }
    std::vector<std::string> fields;
    const std::vector<std::string_view> known = split_words(kStatusFields);
    for (std::string_view f : split_words(words[0])) {
        if (f == "all") {
            fields.assign(known.begin(), known.end());
        } else if (std::find(known.begin(), known.end(), f) != known.end()) {
            fields.emplace_back(f);
        } else {
            mail_error("mailbox", "unknown status field " + std::string(f) + " (known: " + std::string(kStatusFields) + ")");
            return kExitUsage;
        }
    }
    auto listed = mail.storage->list_mailboxes();
    if (!listed) {
        return failed("status", listed.error());
    }
    const bool vsize = std::find(fields.begin(), fields.end(), "vsize") != fields.end();
    json out = json::array();
    bool any = false;
    for (const storage::MailboxListEntry& e : *listed) {
        const std::string name = mail.names.to_client(e.name);
        bool wanted = false;
        for (auto it = words.begin() + 1; it != words.end(); ++it) {
            wanted = wanted || mailbox_matches(*it, name);
        }
        if (!wanted || !e.selectable) {
            continue;
        }
        any = true;
        auto st = mail.storage->mailbox_status(e.name, vsize);
        if (!st) {
            return failed(name, st.error());
        }
        const std::map<std::string, std::uint64_t> values{
            {"messages", st->messages}, {"recent", st->recent},   {"uidnext", st->uidnext},
            {"uidvalidity", st->uidvalidity}, {"unseen", st->unseen}, {"highestmodseq", st->highest_modseq},
            {"vsize", st->vsize}};
        json row = {{"mailbox", name}};
        std::string line = name;
        for (const std::string& f : fields) {
            row[f] = values.at(f);
            line += " " + f + "=" + std::to_string(values.at(f));
        }
        if (o.json) {
            out.push_back(std::move(row));
        } else {
            std::cout << line << '\n';
        }
    }
    if (!any) {
        mail_error("mailbox", "no mailbox matches");
        return kExitNo;
    }
    if (o.json) {
        std::cout << out.dump(2) << '\n';
    }
    return kExitOk;
}

}  // namespace

void mailbox_help(std::ostream& out)
{
    out << "usage: roostadm mailbox ACTION -u USER [--json] [-c CONFIG] ...\n"
           "  list [-s] [PATTERN...]        mailboxes (-s: subscribed ones only)\n"
           "  status FIELDS PATTERN...      FIELDS: \"all\" or some of: "
        << kStatusFields
        << "\n"
           "  create [-s] NAME...           (-s: and subscribe)\n"
           "  delete NAME...\n"
           "  rename OLD NEW\n"
           "  subscribe NAME... | unsubscribe NAME...\n"
           "Patterns may hold the wildcards * and ?.\n";
}

int mailbox_run(std::span<char*> args)
{
    MailOptions o;
    bool subscribed = false;
    po::options_description table("mailbox options");
    table.add_options()("subscribed,s", po::bool_switch(&subscribed), "list: only subscribed; create: subscribe too");
    const auto words_given = parse_mail_verb("mailbox", args, table, o);
    if (!words_given) {
        return kExitUsage;
    }
    if (words_given->empty()) {
        mailbox_help(std::cerr);
        return kExitUsage;
    }
    const std::string action = words_given->front();
    const std::vector<std::string> words(words_given->begin() + 1, words_given->end());
    static constexpr std::array<std::string_view, 7> kActions{"list",   "status",    "create",     "delete",
                                                              "rename", "subscribe", "unsubscribe"};
    if (std::find(kActions.begin(), kActions.end(), action) == kActions.end()) {
        mail_error("mailbox", "unknown action " + action);
        return kExitUsage;
    }
    if ((action == "rename" && words.size() != 2) ||
        (action != "list" && action != "status" && action != "rename" && words.empty())) {
        mailbox_help(std::cerr);
        return kExitUsage;
    }
    int code = kExitOk;
    auto mail = open_user_mail("mailbox", o, code);
    if (!mail) {
        return code;
    }
    if (action == "list") {
        return list(*mail, o, subscribed, words);
    }
    if (action == "status") {
        return status(*mail, o, words);
    }
    if (action == "rename") {
        const auto from = stored_name("mailbox", *mail, words[0]);
        const auto to = stored_name("mailbox", *mail, words[1]);
        if (!from || !to) {
            return kExitUsage;
        }
        if (auto r = mail->storage->rename_mailbox(*from, *to); !r) {
            return failed(words[0], r.error());
        }
        // As IMAP RENAME: the folder (and its children) keep the special use given at CREATE.
        if (auto kept = mail->storage->rename_created_special_use(*from, *to); !kept) {
            std::cerr << "roostadm: " << words[0] << ": special-use file: " << kept.error().message << "\n";
        }
        return kExitOk;
    }
    for (const std::string& word : words) {
        const auto name = stored_name("mailbox", *mail, word);
        if (!name) {
            return kExitUsage;
        }
        Result<void> r;
        if (action == "create") {
            r = mail->storage->create_mailbox(*name);
            if (r && subscribed) {
                r = mail->storage->set_subscribed(*name, true);
            }
        } else if (action == "delete") {
            r = mail->storage->delete_mailbox(*name);
            if (r) {  // as IMAP DELETE: a folder made again later starts without the old use
                if (auto forgot = mail->storage->set_created_special_use(*name, {}); !forgot) {
                    std::cerr << "roostadm: " << word << ": special-use file: " << forgot.error().message << "\n";
                }
            }
        } else {
            r = mail->storage->set_subscribed(*name, action == "subscribe");
        }
        if (!r) {
            return failed(word, r.error());
        }
    }
    return kExitOk;
}

}  // namespace roost::tools::roostadm
