// `roostadm convert -u USER DEST_LOCATION`: the user's whole storage copied into a new
// mail_location of another format (Maildir <-> mbox), keeping each mailbox's UIDVALIDITY and
// every message's UID, flags, keywords and internal date, and the subscriptions. The user's
// mail_location is then switched by the administrator; the old storage is left as it was.
#include <nlohmann/json.hpp>

#include <sysexits.h>

#include <iostream>
#include <string>
#include <vector>

#include "storage/storage_error.hpp"
#include "tools/roostadm/mail_access.hpp"
#include "tools/roostadm/mail_copy.hpp"
#include "tools/roostadm/verb.hpp"
#include "tools/roostadm/verb_options.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace roost::tools::roostadm {
namespace {

// One mailbox: created in `dest` (which must hold no message in it yet) and filled.
Result<std::size_t> convert_mailbox(storage::Storage& source, storage::Storage& dest, const std::string& name)
{
    auto created = ensure_mailbox(dest, name);
    if (!created) {
        return created.error();
    }
    // Only a mailbox that was there already (INBOX) is opened to count: opening a Maildir
    // folder numbers it, and then its UIDVALIDITY can no longer be chosen.
    auto present = *created ? Result<storage::MailboxStatus>(storage::MailboxStatus{}) : dest.mailbox_status(name, false);
    if (!present) {
        return Error{present.error().code, name + ": " + present.error().message};
    }
    if (present->messages != 0) {
        return storage::storage_error(storage::StorageError::Exists,
                                      name + " already has messages in the destination; convert needs a new one");
    }
    storage::OpenOptions read;
    read.read_only = true;
    auto from = source.open_mailbox(name, read);
    if (!from) {
        return Error{from.error().code, name + ": " + from.error().message};
    }
    storage::OpenOptions save;
    save.save_only = true;
    auto to = dest.open_mailbox(name, save);
    if (!to) {
        return Error{to.error().code, name + ": " + to.error().message};
    }
    std::vector<std::uint32_t> uids;
    for (std::uint32_t seq = 1; seq <= (*from)->count(); ++seq) {
        uids.push_back((*from)->message(seq).uid);
    }
    return append_copies(**from, uids, **to, true);
}

}  // namespace

void convert_help(std::ostream& out)
{
    out << "usage: roostadm convert -u USER [--json] [-c CONFIG] DEST_LOCATION\n"
           "Copies all of the user's mail into DEST_LOCATION (a new mail_location, e.g.\n"
           "\"mbox:~/mail:INBOX=~/mbox\" or \"maildir:~/Maildir\"), keeping UIDVALIDITY, UIDs, flags,\n"
           "keywords, dates and subscriptions. The user's mail is not changed; switch mail_location after.\n";
}

int convert_run(std::span<char*> args)
{
    MailOptions o;
    po::options_description table("convert options");
    const auto words = parse_mail_verb("convert", args, table, o);
    if (!words) {
        return kExitUsage;
    }
    if (words->size() != 1) {
        mail_error("convert", "one DEST_LOCATION is needed (e.g. mbox:~/mail:INBOX=~/mbox)");
        return kExitUsage;
    }
    int code = kExitOk;
    auto mail = open_user_mail("convert", o, code);
    if (!mail) {
        return code;
    }
    storage::StorageSettings dest_settings = mail->storage->settings();
    dest_settings.mail_location = words->front();
    auto dest = storage::open_storage(dest_settings);
    if (!dest) {
        mail_error("convert", words->front() + ": " + dest.error().message);
        return EX_CANTCREAT;
    }
    auto listed = mail->storage->list_mailboxes();
    if (!listed) {
        mail_error("convert", listed.error().message);
        return EX_TEMPFAIL;
    }
    json out = json::array();
    for (const storage::MailboxListEntry& e : *listed) {
        if (!e.selectable) {
            continue;
        }
        auto copied = convert_mailbox(*mail->storage, **dest, e.name);
        if (!copied) {
            mail_error("convert", copied.error().message);
            return storage::storage_code_of(copied.error()) == storage::StorageError::Exists ? EX_CANTCREAT
                                                                                              : EX_TEMPFAIL;
        }
        const std::string name = mail->names.to_client(e.name);
        if (o.json) {
            out.push_back({{"mailbox", name}, {"messages", *copied}});
        } else {
            std::cout << name << ' ' << *copied << '\n';
        }
    }
    auto subscribed = mail->storage->subscriptions();
    if (!subscribed) {
        mail_error("convert", subscribed.error().message);
        return EX_TEMPFAIL;
    }
    for (const std::string& name : *subscribed) {
        if (auto r = (*dest)->set_subscribed(name, true); !r) {
            mail_error("convert", "subscribing " + name + ": " + r.error().message);
            return EX_TEMPFAIL;
        }
    }
    if (o.json) {
        std::cout << out.dump(2) << '\n';
    }
    return kExitOk;
}

}  // namespace roost::tools::roostadm
