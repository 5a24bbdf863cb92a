// `roostadm import -u USER [-s] [-m PARENT] SOURCE_LOCATION [QUERY...]`, like doveadm import:
// the mailboxes of another mail_location (a Maildir or mbox tree from elsewhere) copied into the
// user's storage, every message with its flags, keywords and internal date. The source is opened
// after roostadm has become the user, so the user must be able to read it.
#include <nlohmann/json.hpp>

#include <sysexits.h>

#include <ctime>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "tools/roostadm/mail_access.hpp"
#include "tools/roostadm/mail_copy.hpp"
#include "tools/roostadm/mail_search.hpp"
#include "tools/roostadm/verb.hpp"
#include "tools/roostadm/verb_options.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace roost::tools::roostadm {
namespace {

struct Imported {
    std::string destination;
    std::size_t messages = 0;
};

std::string destination_of(const std::string& parent, const std::string& name)
{
    return parent.empty() ? name : parent + "/" + name;
}

}  // namespace

void import_help(std::ostream& out)
{
    out << "usage: roostadm import -u USER [-s] [-m PARENT] [--json] [-c CONFIG] SOURCE_LOCATION [QUERY...]\n"
           "Copies the mailboxes of SOURCE_LOCATION (a mail_location: \"maildir:/path/Maildir\",\n"
           "\"mbox:/path/mail:INBOX=/path/inbox\") into the user's mail, under PARENT when given,\n"
           "keeping flags, keywords and internal dates; QUERY (as for search) chooses the messages.\n"
           "-s subscribes the mailboxes it creates. The user must be able to read the source.\n";
}

int import_run(std::span<char*> args)
{
    MailOptions o;
    std::string parent;
    bool subscribe = false;
    po::options_description table("import options");
    table.add_options()("subscribe,s", po::bool_switch(&subscribe), "subscribe the mailboxes import creates")(
        "mailbox,m", po::value(&parent), "the parent mailbox to import under (default: the same names)");
    const auto words = parse_mail_verb("import", args, table, o);
    if (!words) {
        return kExitUsage;
    }
    if (words->empty()) {
        mail_error("import", "SOURCE_LOCATION is missing (e.g. maildir:/path/Maildir)");
        return kExitUsage;
    }
    auto query = parse_mail_query(std::vector<std::string>(words->begin() + 1, words->end()),
                                  std::time(nullptr));
    if (!query) {
        mail_error("import", query.error().message);
        return kExitUsage;
    }
    int code = kExitOk;
    auto mail = open_user_mail("import", o, code);
    if (!mail) {
        return code;
    }
    // The source gets the user's storage settings (locking, ~ for the user's home) and its own location.
    storage::StorageSettings source_settings = mail->storage->settings();
    source_settings.mail_location = words->front();
    auto source = storage::open_storage(source_settings);
    if (!source) {
        mail_error("import", words->front() + ": " + source.error().message);
        return kExitNoInput;
    }
    // The source's names as Dovecot shows such a tree without a namespace of its own.
    const storage::NamespaceNames source_names{"", storage::default_separator((*source)->location())};
    auto names = chosen_mailboxes(**source, source_names, *query);
    if (!names) {
        mail_error("import", "listing " + words->front() + ": " + names.error().message);
        return kExitNoInput;
    }
    // Every chosen mailbox exists afterwards, even one with no matching message.
    std::map<std::string, Imported> imported;
    if (!parent.empty()) {
        const auto stored = stored_name("import", *mail, parent);
        if (!stored) {
            return kExitUsage;
        }
        parent = *stored;
    }
    for (const std::string& name : *names) {
        const std::string dest = destination_of(parent, name);
        auto created = ensure_mailbox(*mail->storage, dest);
        if (!created) {
            mail_error("import", created.error().message);
            return EX_TEMPFAIL;
        }
        if (*created && subscribe) {
            if (auto r = mail->storage->set_subscribed(dest, true); !r) {
                mail_error("import", "subscribing " + dest + ": " + r.error().message);
                return EX_TEMPFAIL;
            }
        }
        imported[name] = Imported{dest, 0};
    }
    auto r = for_each_match(**source, source_names, *query, false,
                            [&](storage::Mailbox& from, const std::vector<std::uint32_t>& uids) -> Result<void> {
                                Imported& into = imported[from.name()];
                                storage::OpenOptions options;
                                options.save_only = true;
                                auto to = mail->storage->open_mailbox(into.destination, options);
                                if (!to) {
                                    return Error{to.error().code, into.destination + ": " + to.error().message};
                                }
                                auto copied = append_copies(from, uids, **to);
                                if (!copied) {
                                    return copied.error();
                                }
                                into.messages += *copied;
                                return {};
                            });
    if (!r) {
        mail_error("import", r.error().message);
        return EX_TEMPFAIL;
    }
    json out = json::array();
    for (const std::string& name : *names) {
        const Imported& i = imported[name];
        if (o.json) {
            out.push_back({{"mailbox", source_names.to_client(name)},
                           {"destination", mail->names.to_client(i.destination)},
                           {"messages", i.messages}});
        } else {
            std::cout << mail->names.to_client(i.destination) << ' ' << i.messages << '\n';
        }
    }
    if (o.json) {
        std::cout << out.dump(2) << '\n';
    }
    return kExitOk;
}

}  // namespace roost::tools::roostadm
