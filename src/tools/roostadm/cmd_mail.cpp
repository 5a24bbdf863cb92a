// The roostadm verbs on messages, like doveadm's: `save` (a message from stdin), `search`,
// `fetch FIELDS`, `expunge` and `flags add|remove|replace`, each on one user's mail (-u) and
// a search query (mail_query.hpp).
#include <nlohmann/json.hpp>

#include <sysexits.h>

#include <ctime>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "imap/worker/flag_names.hpp"
#include "mail/header_field.hpp"
#include "mail/message_parser.hpp"
#include "storage/cache/cached_fields.hpp"
#include "storage/cache/message_cache.hpp"
#include "tools/roostadm/mail_access.hpp"
#include "tools/roostadm/mail_search.hpp"
#include "tools/roostadm/verb.hpp"
#include "tools/roostadm/verb_options.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace roost::tools::roostadm {
namespace {

constexpr int kExitTempFail = EX_TEMPFAIL;

// Parses the verb's command line and opens the user's mail; nullopt with `code` set otherwise.
struct Prepared {
    UserMail mail;
    std::vector<std::string> words;
};

std::optional<Prepared> prepare(std::string_view verb, std::span<char*> args, po::options_description& table,
                                MailOptions& o, int& code)
{
    auto words = parse_mail_verb(verb, args, table, o);
    if (!words) {
        code = kExitUsage;
        return std::nullopt;
    }
    auto mail = open_user_mail(verb, o, code);
    if (!mail) {
        return std::nullopt;
    }
    return Prepared{std::move(*mail), std::move(*words)};
}

std::optional<MailQuery> query_of(std::string_view verb, const std::vector<std::string>& words, int& code)
{
    auto q = parse_mail_query(words, std::time(nullptr));
    if (!q) {
        mail_error(verb, q.error().message);
        code = kExitUsage;
        return std::nullopt;
    }
    return std::move(*q);
}

int storage_failure(std::string_view verb, const Error& e)
{
    mail_error(verb, e.message);
    return kExitTempFail;
}

std::string flags_text(const storage::MessageInfo& info, const std::vector<std::string>& keywords)
{
    std::string out;
    for (const std::string& f : imap::flag_names(info.flags, imap::keyword_names(info.keywords, keywords), false)) {
        out += (out.empty() ? "" : " ") + f;
    }
    return out;
}

std::string date_text(std::int64_t when)
{
    char buf[64];
    std::tm tm{};
    const auto t = static_cast<std::time_t>(when);
    ::localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

// Every field named `name` in the header, unfolded, joined by ", " when it repeats.
std::string header_value(std::string_view header, std::string_view name)
{
    std::string out;
    mail::HeaderReader reader(header);
    while (auto f = reader.next()) {
        if (!f->has_colon || to_lower(f->name) != to_lower(name)) {
            continue;
        }
        std::string value;
        for (const char c : f->value) {
            if (c != '\r' && c != '\n') {
                value += c;
            }
        }
        out += (out.empty() ? "" : ", ") + value;
    }
    return out;
}

// expunge and flags: runs `change` on each mailbox's matching UIDs (opened for writing) and
// prints the sum of what it returns, as `what` in JSON.
using Change = std::function<Result<std::size_t>(storage::Mailbox&, const std::vector<std::uint32_t>&)>;

int change_matches(std::string_view verb, Prepared& p, const MailOptions& o, const std::vector<std::string>& words,
                   const char* what, const Change& change)
{
    int code = kExitOk;
    auto query = query_of(verb, words, code);
    if (!query) {
        return code;
    }
    std::size_t total = 0;
    auto r = for_each_match(*p.mail.storage, p.mail.names, *query, true,
                            [&](storage::Mailbox& box, const std::vector<std::uint32_t>& uids) -> Result<void> {
                                auto changed = change(box, uids);
                                if (!changed) {
                                    return changed.error();
                                }
                                total += *changed;
                                return {};
                            });
    if (!r) {
        return storage_failure(verb, r.error());
    }
    std::cout << (o.json ? json{{what, total}}.dump() : std::to_string(total)) << '\n';
    return kExitOk;
}

}  // namespace

// ---- save ----

void save_help(std::ostream& out)
{
    out << "usage: roostadm save -u USER [-m MAILBOX] [-c CONFIG] < MESSAGE\n"
           "Saves the message on standard input into MAILBOX (default INBOX) and prints its UID.\n";
}

int save_run(std::span<char*> args)
{
    MailOptions o;
    std::string mailbox = "INBOX";
    po::options_description table("save options");
    table.add_options()("mailbox,m", po::value(&mailbox), "mailbox to save into");
    int code = kExitOk;
    auto p = prepare("save", args, table, o, code);
    if (!p) {
        return code;
    }
    const std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (data.empty()) {
        mail_error("save", "no message on standard input");
        return kExitDataErr;
    }
    const auto name = stored_name("save", p->mail, mailbox);
    if (!name) {
        return kExitUsage;
    }
    storage::OpenOptions options;
    options.save_only = true;
    auto box = p->mail.storage->open_mailbox(*name, options);
    if (!box) {
        return storage_failure("save", box.error());
    }
    storage::AppendRequest request;
    request.data = data;
    auto uid = (*box)->append(request);
    if (!uid) {
        return storage_failure("save", uid.error());
    }
    if (o.json) {
        std::cout << json{{"mailbox", mailbox}, {"uid", *uid}}.dump() << '\n';
    } else {
        std::cout << *uid << '\n';
    }
    return kExitOk;
}

// ---- search ----

void search_help(std::ostream& out)
{
    out << "usage: roostadm search -u USER [--json] [-c CONFIG] QUERY...\n"
           "Prints \"MAILBOX UID\" for each message QUERY matches. QUERY is IMAP SEARCH keys as words,\n"
           "with \"mailbox NAME\" (wildcards * ?) and dates as YYYY-MM-DD or intervals (since 7d).\n";
}

int search_run(std::span<char*> args)
{
    MailOptions o;
    po::options_description table("search options");
    int code = kExitOk;
    auto p = prepare("search", args, table, o, code);
    if (!p) {
        return code;
    }
    auto query = query_of("search", p->words, code);
    if (!query) {
        return code;
    }
    json hits = json::array();
    auto r = for_each_match(*p->mail.storage, p->mail.names, *query, false,
                            [&](storage::Mailbox& box, const std::vector<std::uint32_t>& uids) -> Result<void> {
                                for (const std::uint32_t uid : uids) {
                                    const std::string name = p->mail.names.to_client(box.name());
                                    if (o.json) {
                                        hits.push_back({{"mailbox", name}, {"uid", uid}});
                                    } else {
                                        std::cout << name << ' ' << uid << '\n';
                                    }
                                }
                                return {};
                            });
    if (!r) {
        return storage_failure("search", r.error());
    }
    if (o.json) {
        std::cout << hits.dump(2) << '\n';
    }
    return kExitOk;
}

// ---- fetch ----

constexpr std::string_view kFetchFields =
    "mailbox uid seq flags size.physical size.virtual date.received hdr body text hdr.NAME imap.envelope "
    "imap.bodystructure imap.body";

void fetch_help(std::ostream& out)
{
    out << "usage: roostadm fetch -u USER [--json] [-c CONFIG] FIELDS QUERY...\n"
           "Prints FIELDS (one word, space-separated names) of each message QUERY matches:\n  "
        << kFetchFields << "\nMessages are separated by a form feed line, as doveadm's flow output.\n";
}

// A message's text and where its header ends, read once for all of its fields.
struct MessageText {
    std::string data;
    std::size_t header_size = 0;
};

// imap.envelope, imap.bodystructure or imap.body: from the mailbox's message cache when it has
// them (doc/storage-cache.md), otherwise parsed from the message and added to the cache.
Result<std::string> imap_field(storage::Mailbox& box, std::uint32_t uid, const std::string& field,
                               std::optional<MessageText>& content)
{
    using storage::cache::CacheField;
    const CacheField which = field == "imap.envelope" ? CacheField::Envelope
                             : field == "imap.body"   ? CacheField::Body
                                                      : CacheField::BodyStructure;
    storage::cache::MessageCache* cache = box.message_cache();
    if (cache != nullptr) {
        const auto hit = cache->find(uid);
        if (hit && (*hit)[which]) {
            return *(*hit)[which];
        }
    }
    if (!content) {
        auto data = box.read_message(uid);
        if (!data) {
            return data.error();
        }
        content = MessageText{std::move(*data), 0};
    }
    const auto structure = mail::parse_message(content->data);
    content->header_size = std::min(static_cast<std::size_t>(structure.root().header.physical), content->data.size());
    auto fields = storage::cache::cached_fields_of(structure, content->data, which == CacheField::Body);
    std::string value = *fields[which];
    if (cache != nullptr && !cache->contains(uid)) {
        cache->add(uid, fields);  // written when the mailbox is closed
    }
    return value;
}

// One field of one message; the text is read (and its header measured) only for fields that need it.
Result<std::string> fetch_field(storage::Mailbox& box, const storage::NamespaceNames& names, std::uint32_t seq,
                                const std::string& field, std::optional<MessageText>& content)
{
    const storage::MessageInfo& info = box.message(seq);
    if (field == "mailbox") {
        return names.to_client(box.name());
    }
    if (field == "uid") {
        return std::to_string(info.uid);
    }
    if (field == "seq") {
        return std::to_string(seq);
    }
    if (field == "flags") {
        return flags_text(info, box.keywords());
    }
    if (field == "size.physical") {
        return std::to_string(info.size);
    }
    if (field == "size.virtual") {
        auto v = box.virtual_size(seq);
        if (!v) {
            return v.error();
        }
        return std::to_string(*v);
    }
    if (field == "date.received") {
        return date_text(info.internal_date);
    }
    if (field == "imap.envelope" || field == "imap.bodystructure" || field == "imap.body") {
        return imap_field(box, info.uid, field, content);
    }
    if (!content) {
        auto data = box.read_message(info.uid);
        if (!data) {
            return data.error();
        }
        const auto header = mail::parse_message(*data).root().header.physical;
        content = MessageText{std::move(*data), 0};
        content->header_size = std::min(static_cast<std::size_t>(header), content->data.size());
    }
    const std::string_view text = content->data;
    if (field == "text") {
        return std::string(text);
    }
    if (field == "hdr") {
        return std::string(text.substr(0, content->header_size));
    }
    if (field == "body") {
        return std::string(text.substr(content->header_size));
    }
    return header_value(text.substr(0, content->header_size), field.substr(4));
}

int fetch_run(std::span<char*> args)
{
    MailOptions o;
    po::options_description table("fetch options");
    int code = kExitOk;
    auto p = prepare("fetch", args, table, o, code);
    if (!p) {
        return code;
    }
    if (p->words.empty()) {
        mail_error("fetch", "FIELDS are missing (one of: " + std::string(kFetchFields) + ")");
        return kExitUsage;
    }
    std::vector<std::string> fields;
    const std::vector<std::string_view> known = split_words(kFetchFields);
    for (std::string_view f : split_words(p->words.front())) {
        const std::string name = to_lower(f);
        if (std::find(known.begin(), known.end(), name) == known.end() && !name.starts_with("hdr.")) {
            mail_error("fetch", "unknown field " + name + " (known: " + std::string(kFetchFields) + ")");
            return kExitUsage;
        }
        fields.push_back(name);
    }
    auto query = query_of("fetch", std::vector<std::string>(p->words.begin() + 1, p->words.end()), code);
    if (!query) {
        return code;
    }
    json out = json::array();
    bool first = true;
    auto r = for_each_match(
        *p->mail.storage, p->mail.names, *query, false,
        [&](storage::Mailbox& box, const std::vector<std::uint32_t>& uids) -> Result<void> {
            for (const std::uint32_t uid : uids) {
                const auto seq = box.seq_of_uid(uid);
                if (!seq) {
                    continue;
                }
                std::optional<MessageText> content;
                json message = json::object();
                std::string text = first ? "" : "\f\n";
                first = false;
                for (const std::string& f : fields) {
                    auto value = fetch_field(box, p->mail.names, *seq, f, content);
                    if (!value) {
                        return value.error();
                    }
                    message[f] = *value;
                    const bool block = f == "hdr" || f == "body" || f == "text";
                    text += f + ":" + (block ? "\n" + *value : " " + *value + "\n");
                }
                if (o.json) {
                    out.push_back(std::move(message));
                } else {
                    std::cout << text;
                }
            }
            return {};
        });
    if (!r) {
        return storage_failure("fetch", r.error());
    }
    if (o.json) {
        // Message text need not be UTF-8: replace what is not, rather than fail.
        std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    }
    return kExitOk;
}

// ---- expunge ----

void expunge_help(std::ostream& out)
{
    out << "usage: roostadm expunge -u USER [-c CONFIG] QUERY...\n"
           "Removes every message QUERY matches (use \"mailbox NAME\" to limit it) and prints how many.\n";
}

int expunge_run(std::span<char*> args)
{
    MailOptions o;
    po::options_description table("expunge options");
    int code = kExitOk;
    auto p = prepare("expunge", args, table, o, code);
    if (!p) {
        return code;
    }
    if (p->words.empty()) {
        mail_error("expunge", "a QUERY is required (\"all\" to empty every mailbox)");
        return kExitUsage;
    }
    return change_matches("expunge", *p, o, p->words, "expunged",
                          [](storage::Mailbox& box, const std::vector<std::uint32_t>& uids) -> Result<std::size_t> {
                              auto done = box.expunge(uids);
                              if (!done) {
                                  return done.error();
                              }
                              return done->expunged_uids.size();
                          });
}

// ---- flags ----

void flags_help(std::ostream& out)
{
    out << "usage: roostadm flags add|remove|replace -u USER [-c CONFIG] FLAGS QUERY...\n"
           "Changes the flags of every message QUERY matches. FLAGS is one word: \"\\Seen \\Flagged $label\".\n";
}

int flags_run(std::span<char*> args)
{
    MailOptions o;
    po::options_description table("flags options");
    int code = kExitOk;
    auto p = prepare("flags", args, table, o, code);
    if (!p) {
        return code;
    }
    if (p->words.size() < 2) {
        mail_error("flags", "usage: flags add|remove|replace FLAGS QUERY...");
        return kExitUsage;
    }
    const std::string action = p->words[0];
    const storage::StoreMode mode = action == "add"      ? storage::StoreMode::Add
                                    : action == "remove"  ? storage::StoreMode::Remove
                                                          : storage::StoreMode::Replace;
    if (action != "add" && action != "remove" && action != "replace") {
        mail_error("flags", "the action is add, remove or replace, not " + action);
        return kExitUsage;
    }
    std::vector<std::string> names;
    for (std::string_view n : split_words(p->words[1])) {
        if (n.starts_with('\\') && !storage::parse_system_flag(n)) {
            mail_error("flags", "unknown system flag " + std::string(n));
            return kExitUsage;
        }
        names.emplace_back(n);
    }
    const imap::FlagChange change = imap::split_flags(names);
    return change_matches("flags", *p, o, std::vector<std::string>(p->words.begin() + 2, p->words.end()), "changed",
                          [&](storage::Mailbox& box, const std::vector<std::uint32_t>& uids) -> Result<std::size_t> {
                              auto done = box.store(uids, mode, change.flags, change.keywords);
                              if (!done) {
                                  return done.error();
                              }
                              return done->size();
                          });
}

}  // namespace roost::tools::roostadm
