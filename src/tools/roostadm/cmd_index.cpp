// `roostadm index rebuild -u USER [MAILBOX...]`: drops a mailbox's roost-index and roost-cache
// and builds both again from the mail files (doc/storage-cache.md). UIDs and UIDVALIDITY live
// in dovecot-uidlist or the mbox's X-IMAPbase/X-UID headers and flags in file names or Status
// headers, none of which is touched, so clients keep their caches.
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "mail/message_parser.hpp"
#include "storage/cache/cached_fields.hpp"
#include "storage/cache/message_cache.hpp"
#include "storage/storage_error.hpp"
#include "tools/roostadm/mail_access.hpp"
#include "tools/roostadm/mail_query.hpp"
#include "tools/roostadm/verb.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace roost::tools::roostadm {
namespace {

struct Rebuilt {
    std::uint32_t messages = 0;
    std::uint32_t cached = 0;
    std::string index_dir;  // empty: the index lives in memory only
};

Result<void> remove_if_there(const std::string& path)
{
    if (::unlink(path.c_str()) < 0 && errno != ENOENT) {
        return storage::storage_errno_error("unlink(" + path + ")");
    }
    return {};
}

Result<Rebuilt> rebuild(storage::Storage& storage, const std::string& name)
{
    // Read-only opens: an admin rebuild must not take \Recent away from the user's clients.
    storage::OpenOptions options;
    options.read_only = true;
    Rebuilt out;
    {
        auto box = storage.open_mailbox(name, options);
        if (!box) {
            return box.error();
        }
        out.index_dir = (*box)->index_dir();
    }
    if (!out.index_dir.empty()) {
        for (const char* file : {"/roost-index", "/roost-cache"}) {
            auto removed = remove_if_there(out.index_dir + file);
            if (!removed) {
                return removed.error();
            }
        }
    }
    // Opening again finds no roost-index and writes it from the mail files.
    auto box = storage.open_mailbox(name, options);
    if (!box) {
        return box.error();
    }
    storage::Mailbox& mailbox = **box;
    out.messages = mailbox.count();
    storage::cache::MessageCache* cache = mailbox.message_cache();
    if (cache == nullptr) {
        return out;
    }
    for (std::uint32_t seq = 1; seq <= mailbox.count(); ++seq) {
        const std::uint32_t uid = mailbox.message(seq).uid;
        auto data = mailbox.read_message(uid);
        if (!data) {
            if (storage::storage_code_of(data.error()) == storage::StorageError::Expunged) {
                continue;  // deleted meanwhile by a client or another tool
            }
            return data.error();
        }
        cache->add(uid, storage::cache::cached_fields_of(mail::parse_message(*data), *data));
        ++out.cached;
    }
    auto flushed = cache->flush();
    if (!flushed) {
        return flushed.error();
    }
    return out;
}

}  // namespace

void index_help(std::ostream& out)
{
    out << "usage: roostadm index rebuild -u USER [--json] [-c CONFIG] [MAILBOX...]\n"
           "Drops roost-index and roost-cache of the mailboxes (all when none is named; names may\n"
           "use * and %) and builds them again from the mail files. UIDs, UIDVALIDITY and the flags\n"
           "kept in the mail files stay; MODSEQs start over. Prints MAILBOX MESSAGES CACHED.\n";
}

int index_run(std::span<char*> args)
{
    MailOptions o;
    po::options_description table("index options");
    const auto words = parse_mail_verb("index", args, table, o);
    if (!words) {
        return kExitUsage;
    }
    if (words->empty() || (*words)[0] != "rebuild") {
        index_help(std::cerr);
        return kExitUsage;
    }
    int code = kExitOk;
    auto mail = open_user_mail("index", o, code);
    if (!mail) {
        return code;
    }
    auto listed = mail->storage->list_mailboxes();
    if (!listed) {
        mail_error("index", listed.error().message);
        return EX_TEMPFAIL;
    }
    const std::vector<std::string> patterns(words->begin() + 1, words->end());
    json out = json::array();
    bool any = false;
    for (const storage::MailboxListEntry& e : *listed) {
        const std::string name = mail->names.to_client(e.name);
        bool wanted = patterns.empty();
        for (const std::string& p : patterns) {
            wanted = wanted || mailbox_matches(p, name);
        }
        if (!wanted || !e.selectable) {
            continue;
        }
        any = true;
        auto done = rebuild(*mail->storage, e.name);
        if (!done) {
            mail_error("index", name + ": " + done.error().message);
            return EX_TEMPFAIL;
        }
        if (o.json) {
            out.push_back({{"mailbox", name}, {"messages", done->messages}, {"cached", done->cached},
                           {"index_dir", done->index_dir}});
        } else {
            std::cout << name << ' ' << done->messages << ' ' << done->cached << '\n';
        }
    }
    if (!any) {
        mail_error("index", "no mailbox matches");
        return kExitNo;
    }
    if (o.json) {
        std::cout << out.dump(2) << '\n';
    }
    return kExitOk;
}

}  // namespace roost::tools::roostadm
