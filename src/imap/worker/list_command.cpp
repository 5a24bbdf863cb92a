// LIST (with RFC 5258 selection and return options, RFC 5819 STATUS and RFC 6154 SPECIAL-USE)
// and LSUB.
#include <algorithm>
#include <map>
#include <set>

#include "core/log.hpp"
#include "imap/proto/response_data.hpp"
#include "imap/worker/mailbox_names.hpp"
#include "imap/worker/session.hpp"
#include "imap/worker/special_use.hpp"

namespace roost::imap {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& s)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

// Any subscription below `name` (a storage name)?
bool has_subscribed_child(const std::vector<std::string>& subs, const std::string& name)
{
    const std::string prefix = name + "/";
    return std::any_of(subs.begin(), subs.end(), [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
}

// Any mailbox below `name` (a storage name)?
bool has_child(const std::vector<storage::MailboxListEntry>& entries, const std::string& name)
{
    const std::string prefix = name + "/";
    return std::any_of(entries.begin(), entries.end(), [&](const storage::MailboxListEntry& e) {
        return e.name.rfind(prefix, 0) == 0;
    });
}

// INBOX is listed in the inbox namespace only, as Dovecot does (another namespace's
// prefix/INBOX still opens its storage's INBOX, INBOX= of an mbox location or a Maildir's root).
bool hidden_inbox(const SessionNamespace& ns, const storage::MailboxListEntry& e)
{
    return !ns.inbox && e.name == "INBOX";
}

// The namespace of the LIST "" "" root: the reference's, else the inbox one's.
const SessionNamespace& reference_namespace(const std::vector<SessionNamespace>& namespaces,
                                            const std::string& reference)
{
    const auto route = route_name(namespaces, reference);
    return namespaces[route ? route->index : inbox_index(namespaces)];
}

}  // namespace

Reply Session::cmd_list(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::ListArgs>(cmd.args);
    if (args.lsub || args.selection.subscribed) {
        return list_subscribed(args);
    }
    if (args.patterns.size() == 1 && args.patterns.front().empty()) {
        // LIST "" "": the hierarchy separator and the root of the reference (RFC 3501 6.3.8).
        const char separator = reference_namespace(namespaces_, args.reference).names.separator;
        proto::ListData root;
        root.attributes = {"\\Noselect"};
        root.separator = separator;
        const std::size_t cut = args.reference.find(separator);
        root.name = cut == std::string::npos ? std::string() : args.reference.substr(0, cut + 1);
        root.utf8 = utf8_;
        root.append_to(out());
        return Reply::ok("List completed.");
    }
    std::set<std::string> listed;
    for (const SessionNamespace& ns : namespaces_) {
        if (auto failed = list_namespace(ns, args, listed)) {
            return *failed;
        }
    }
    return Reply::ok("List completed.");
}

bool Session::lists_namespace(const SessionNamespace& ns, const std::string& pattern) const
{
    // list = no: only a pattern inside the prefix shows the namespace (Dovecot's rule).
    return ns.list != Listing::No || (!ns.names.prefix.empty() && pattern.rfind(ns.names.prefix, 0) == 0);
}

std::optional<Reply> Session::list_namespace(const SessionNamespace& ns, const proto::ListArgs& args,
                                             std::set<std::string>& listed)
{
    const char separator = ns.names.separator;
    std::vector<std::string> patterns;
    for (const std::string& pattern : args.patterns) {
        std::string full = canonical_pattern(args.reference + pattern, separator);
        if (lists_namespace(ns, full)) {
            patterns.push_back(std::move(full));
        }
    }
    if (patterns.empty()) {
        return std::nullopt;
    }
    auto entries = ns.storage->list_mailboxes();
    if (!entries) {
        return failure(entries.error(), "");
    }
    std::erase_if(*entries, [&](const storage::MailboxListEntry& e) { return hidden_inbox(ns, e); });
    std::vector<std::string> subs;
    if (args.options.subscribed) {
        auto s = ns.storage->subscriptions();
        if (!s) {
            return failure(s.error(), "");
        }
        subs = std::move(*s);
    }
    // The special uses given at CREATE; a file that cannot be read leaves them out of LIST.
    // The mailbox blocks' ones name the inbox namespace's storage.
    storage::SpecialUseMap created;
    if (auto read = ns.storage->created_special_use()) {
        created = std::move(*read);
    } else {
        log::warning("LIST: special-use file: ", read.error().message);
    }
    static const std::map<std::string, std::vector<std::string>> kNoBlocks;
    const auto& blocks = ns.storage == &storage_ ? settings_.special_use : kNoBlocks;
    // Another namespace's root ("mail" of "mail/") comes first, as in Dovecot; list = children
    // shows it only when the namespace has folders.
    const std::string root_name = ns.inbox ? std::string() : ns.root();
    const bool show_root = !root_name.empty() && ns.list != Listing::No &&
                           (ns.list != Listing::Children || !entries->empty()) && !args.selection.special_use;
    for (const std::string& full : patterns) {
        if (show_root && list_pattern_matches(full, root_name, separator) && listed.insert(root_name).second) {
            proto::ListData data;
            data.attributes.emplace_back(entries->empty() ? "\\HasNoChildren" : "\\HasChildren");
            data.separator = separator;
            data.name = root_name;
            data.utf8 = utf8_;
            data.append_to(out());
            if (args.options.status) {
                out() += "* NO Mailbox isn't selectable\r\n";  // Dovecot's answer for its status
            }
        }
        for (const storage::MailboxListEntry& e : *entries) {
            const std::string name = ns.to_client(e.name);
            if (!list_pattern_matches(full, name, separator) || !listed.insert(name).second) {
                continue;
            }
            const std::vector<std::string> uses =
                e.selectable ? special_use_of(e.name, blocks, created) : std::vector<std::string>{};
            const bool special = !uses.empty();
            if (args.selection.special_use && !special) {
                continue;
            }
            proto::ListData data;
            if (!e.selectable) {
                data.attributes.emplace_back("\\Noselect");
            }
            // Below a prefix such as "INBOX." every other folder is a child of INBOX.
            const bool children = e.has_children || (e.name == "INBOX" && ns.inbox &&
                                                      !ns.names.prefix.empty() && entries->size() > 1);
            data.attributes.emplace_back(children ? "\\HasChildren" : "\\HasNoChildren");
            if (args.options.subscribed && contains(subs, e.name)) {
                data.attributes.emplace_back("\\Subscribed");
            }
            // RFC 6154: in every plain LIST, and in an extended one that asks for them.
            if (special && (!args.extended || args.options.special_use || args.selection.special_use)) {
                data.attributes.insert(data.attributes.end(), uses.begin(), uses.end());
            }
            data.separator = separator;
            data.name = name;
            data.utf8 = utf8_;
            data.append_to(out());
            if (args.options.status && e.selectable) {
                proto::StatusData st;
                st.mailbox = name;
                st.utf8 = utf8_;
                if (status_items(Target{&ns, e.name, false}, *args.options.status, st).status == proto::Status::Ok) {
                    st.append_to(out());
                }
            }
            conn_.maybe_flush();
        }
    }
    return std::nullopt;
}

// LSUB, and LIST (SUBSCRIBED ...): subscriptions whether the mailboxes exist or not.
Reply Session::list_subscribed(const proto::ListArgs& args)
{
    std::set<std::string> listed;
    for (const SessionNamespace& ns : namespaces_) {
        if (auto failed = list_subscribed_namespace(ns, args, listed)) {
            return *failed;
        }
    }
    return Reply::ok(args.lsub ? "Lsub completed." : "List completed.");
}

std::optional<Reply> Session::list_subscribed_namespace(const SessionNamespace& ns, const proto::ListArgs& args,
                                                        std::set<std::string>& listed)
{
    const char separator = ns.names.separator;
    std::vector<std::string> patterns;
    for (const std::string& pattern : args.patterns) {
        std::string full = canonical_pattern(args.reference + pattern, separator);
        if (lists_namespace(ns, full)) {
            patterns.push_back(std::move(full));
        }
    }
    if (patterns.empty()) {
        return std::nullopt;
    }
    auto subs = ns.storage->subscriptions();
    if (!subs) {
        return failure(subs.error(), "");
    }
    auto entries = ns.storage->list_mailboxes();
    if (!entries) {
        return failure(entries.error(), "");
    }
    const auto entry_of = [&](const std::string& name) -> const storage::MailboxListEntry* {
        for (const auto& e : *entries) {
            if (e.name == name) {
                return &e;
            }
        }
        return nullptr;
    };
    const auto emit = [&](const std::string& storage_name, std::vector<std::string> attributes, bool childinfo) {
        proto::ListData data;
        data.lsub = args.lsub;
        data.attributes = std::move(attributes);
        data.separator = separator;
        data.name = ns.to_client(storage_name);
        data.utf8 = utf8_;
        data.childinfo_subscribed = childinfo;
        data.append_to(out());
    };
    for (const std::string& full : patterns) {
        for (const std::string& sub : *subs) {
            const storage::MailboxListEntry* e = entry_of(sub);
            if (list_pattern_matches(full, ns.to_client(sub), separator)) {
                if (!listed.insert(ns.to_client(sub)).second) {
                    continue;
                }
                std::vector<std::string> attrs;
                if (!args.lsub) {
                    attrs.emplace_back("\\Subscribed");
                    if (e == nullptr) {
                        // A subscription whose mailbox is gone may have children (RFC 5258 3.4).
                        attrs.emplace_back("\\NonExistent");
                        attrs.emplace_back(has_child(*entries, sub) ? "\\HasChildren"
                                                                    : "\\HasNoChildren");
                    } else {
                        if (!e->selectable) {
                            attrs.emplace_back("\\Noselect");
                        }
                        attrs.emplace_back(e->has_children ? "\\HasChildren" : "\\HasNoChildren");
                    }
                } else if (e != nullptr && !e->selectable) {
                    attrs.emplace_back("\\Noselect");
                }
                emit(sub, std::move(attrs), false);
                if (!args.lsub && args.options.status && e != nullptr && e->selectable) {
                    // RFC 5819 covers LIST (SUBSCRIBED) too; a status it cannot read is left out.
                    proto::StatusData st;
                    st.mailbox = ns.to_client(sub);
                    st.utf8 = utf8_;
                    if (status_items(Target{&ns, sub, false}, *args.options.status, st).status == proto::Status::Ok) {
                        st.append_to(out());
                    }
                }
                continue;
            }
            // LSUB "%": a parent of a subscription that matches but is not subscribed itself is
            // listed \Noselect (RFC 3501 6.3.9); LIST (SUBSCRIBED RECURSIVEMATCH) lists it with
            // CHILDINFO (RFC 5258 3.5).
            if (!args.lsub && !args.selection.recursive_match) {
                continue;
            }
            for (std::size_t cut = sub.find('/'); cut != std::string::npos; cut = sub.find('/', cut + 1)) {
                const std::string parent = sub.substr(0, cut);
                if (std::find(subs->begin(), subs->end(), parent) != subs->end() ||
                    !list_pattern_matches(full, ns.to_client(parent), separator) ||
                    !listed.insert(ns.to_client(parent)).second) {
                    continue;
                }
                if (args.lsub) {
                    emit(parent, {"\\Noselect"}, false);
                } else if (has_subscribed_child(*subs, parent)) {
                    const storage::MailboxListEntry* pe = entry_of(parent);
                    emit(parent, pe == nullptr ? std::vector<std::string>{"\\NonExistent"} : std::vector<std::string>{},
                         true);
                }
            }
        }
    }
    return std::nullopt;
}

}  // namespace roost::imap
