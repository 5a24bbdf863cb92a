// Parsers of the mailbox commands.
#include "imap/proto/mailbox_args.hpp"

#include <array>
#include <utility>

#include "core/strings.hpp"
#include "imap/proto/mailbox_name.hpp"

namespace roost::imap::proto {
namespace {

constexpr std::array<std::pair<std::string_view, StatusItem>, 11> kStatusItems = {{
    {"MESSAGES", StatusItem::Messages},
    {"RECENT", StatusItem::Recent},
    {"UIDNEXT", StatusItem::UidNext},
    {"UIDVALIDITY", StatusItem::UidValidity},
    {"UNSEEN", StatusItem::Unseen},
    {"DELETED", StatusItem::Deleted},
    {"SIZE", StatusItem::Size},
    {"HIGHESTMODSEQ", StatusItem::HighestModSeq},
    {"APPENDLIMIT", StatusItem::AppendLimit},
    {"MAILBOXID", StatusItem::MailboxId},
    {"DELETED-STORAGE", StatusItem::DeletedStorage},
}};

bool is_atom(const Arg& a)
{
    return a.kind == Arg::Kind::Atom && !a.has_section;
}

// (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)])
Result<QresyncParams> parse_qresync(const std::vector<Arg>& items)
{
    ArgReader r(items, "SELECT QRESYNC");
    QresyncParams q;
    auto validity = r.nz_number("UIDVALIDITY");
    if (!validity) {
        return validity.error();
    }
    q.uidvalidity = *validity;
    auto modseq = r.mod_sequence("mod-sequence", false);
    if (!modseq) {
        return modseq.error();
    }
    q.modseq = *modseq;
    if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::Atom) {
        auto known = r.sequence_set(false);
        if (!known) {
            return known.error();
        }
        if (known->has_star()) {
            return r.error("Invalid QRESYNC known-uids");  // UIDs the client has seen: no '*'
        }
        q.known_uids = std::move(*known);
    }
    if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::List) {
        auto match = r.list("sequence match data");
        ArgReader m(**match, "SELECT QRESYNC");
        auto seqs = m.sequence_set(false);
        if (!seqs) {
            return seqs.error();
        }
        auto uids = m.sequence_set(false);
        if (!uids) {
            return uids.error();
        }
        auto end = m.end();
        if (!end) {
            return end.error();
        }
        // Pairs of message number and UID: as many of each, and no '*' (RFC 7162 3.2.5).
        if (seqs->has_star() || uids->has_star() ||
            seqs->count(0, 0xffffffffu) != uids->count(0, 0xffffffffu)) {
            return r.error("Invalid QRESYNC sets");
        }
        q.known_sequence_set = std::move(*seqs);
        q.known_uid_set = std::move(*uids);
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return q;
}

Result<std::vector<std::string>> parse_patterns(ArgReader& r, const ParseContext& context,
                                                bool& several)
{
    std::vector<std::string> patterns;
    const Arg* a = r.take();
    if (a == nullptr) {
        return r.missing("mailbox pattern");
    }
    if (a->kind == Arg::Kind::List) {
        if (a->items.empty()) {
            return r.error("Empty mailbox pattern list");
        }
        several = true;
        for (const Arg& p : a->items) {
            if (!p.is_astring()) {
                return r.error("Invalid mailbox pattern");
            }
            patterns.push_back(decode_mailbox_pattern(p.value, context.utf8));
        }
    } else {
        patterns.push_back(decode_mailbox_pattern(a->value, context.utf8));
    }
    return patterns;
}

Result<void> parse_selection(const std::vector<Arg>& items, ListArgs::Selection& s,
                             const ArgReader& r)
{
    for (const Arg& item : items) {
        if (!is_atom(item)) {
            return r.error("Invalid LIST selection option");
        }
        const std::string name = to_upper(item.value);
        if (name == "SUBSCRIBED") {
            s.subscribed = true;
        } else if (name == "REMOTE") {
            s.remote = true;
        } else if (name == "RECURSIVEMATCH") {
            s.recursive_match = true;
        } else if (name == "SPECIAL-USE") {
            s.special_use = true;
        } else {
            return r.error("Unknown LIST selection option " + item.value.substr(0, 40));
        }
    }
    if (s.recursive_match && !s.subscribed && !s.special_use) {
        return r.error("RECURSIVEMATCH needs another selection option");
    }
    return {};
}

Result<void> parse_return(const std::vector<Arg>& items, ListArgs::Return& ret,
                          const ArgReader& r)
{
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Arg& item = items[i];
        if (!is_atom(item)) {
            return r.error("Invalid LIST return option");
        }
        const std::string name = to_upper(item.value);
        if (name == "SUBSCRIBED") {
            ret.subscribed = true;
        } else if (name == "CHILDREN") {
            ret.children = true;
        } else if (name == "SPECIAL-USE") {
            ret.special_use = true;
        } else if (name == "MYRIGHTS") {
            ret.myrights = true;
        } else if (name == "STATUS") {
            if (i + 1 >= items.size() || items[i + 1].kind != Arg::Kind::List) {
                return r.error("STATUS return option needs a list of items");
            }
            auto status = parse_status_items(items[++i].items, r);
            if (!status) {
                return status.error();
            }
            ret.status = std::move(*status);
        } else {
            return r.error("Unknown LIST return option " + item.value.substr(0, 40));
        }
    }
    return {};
}

}  // namespace

std::string_view status_item_name(StatusItem item)
{
    for (const auto& [name, value] : kStatusItems) {
        if (value == item) {
            return name;
        }
    }
    return "";
}

Result<std::vector<StatusItem>> parse_status_items(const std::vector<Arg>& items,
                                                   const ArgReader& reader)
{
    if (items.empty()) {
        return reader.error("Empty STATUS item list");
    }
    std::vector<StatusItem> out;
    for (const Arg& item : items) {
        bool found = false;
        if (is_atom(item)) {
            for (const auto& [name, value] : kStatusItems) {
                if (iequals(item.value, name)) {
                    out.push_back(value);
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            return reader.error("Unknown STATUS item " + describe(item).substr(0, 40));
        }
    }
    return out;
}

Result<SelectArgs> parse_select(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    SelectArgs out;
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    out.mailbox = std::move(*mailbox);
    if (!r.at_end()) {
        auto params = r.list("SELECT parameters");
        if (!params) {
            return params.error();
        }
        if ((*params)->empty()) {
            return r.error("Empty SELECT parameter list");
        }
        const std::vector<Arg>& items = **params;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!is_atom(items[i])) {
                return r.error("Invalid SELECT parameter");
            }
            if (iequals(items[i].value, "CONDSTORE")) {
                out.condstore = true;
            } else if (iequals(items[i].value, "QRESYNC")) {
                if (i + 1 >= items.size() || items[i + 1].kind != Arg::Kind::List) {
                    return r.error("QRESYNC needs a parameter list");
                }
                auto q = parse_qresync(items[++i].items);
                if (!q) {
                    return q.error();
                }
                out.qresync = std::move(*q);
            } else {
                return r.error("Unknown SELECT parameter " + items[i].value.substr(0, 40));
            }
        }
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<CreateArgs> parse_create(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    CreateArgs out;
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    out.mailbox = std::move(*mailbox);
    if (!r.at_end()) {
        auto params = r.list("CREATE parameters");
        if (!params) {
            return params.error();
        }
        const std::vector<Arg>& items = **params;
        if (items.empty()) {
            return r.error("Empty CREATE parameter list");
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!is_atom(items[i]) || !iequals(items[i].value, "USE")) {
                return r.error("Unknown CREATE parameter " + describe(items[i]).substr(0, 40));
            }
            if (i + 1 >= items.size() || items[i + 1].kind != Arg::Kind::List) {
                return r.error("USE needs a list of special-use attributes");
            }
            for (const Arg& attr : items[++i].items) {
                if (!is_atom(attr) || attr.value.size() < 2 || attr.value[0] != '\\') {
                    return r.error("Invalid special-use attribute " + describe(attr).substr(0, 40));
                }
                out.special_use.push_back(attr.value);
            }
        }
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<MailboxArgs> parse_mailbox_only(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return MailboxArgs{std::move(*mailbox)};
}

Result<RenameArgs> parse_rename(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    auto from = r.mailbox(context);
    if (!from) {
        return from.error();
    }
    auto to = r.mailbox(context);
    if (!to) {
        return to.error();
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return RenameArgs{std::move(*from), std::move(*to)};
}

Result<StatusArgs> parse_status(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    StatusArgs out;
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    out.mailbox = std::move(*mailbox);
    auto list = r.list("STATUS items");
    if (!list) {
        return list.error();
    }
    auto items = parse_status_items(**list, r);
    if (!items) {
        return items.error();
    }
    out.items = std::move(*items);
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<ListArgs> parse_list(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    ListArgs out;
    if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::List) {
        out.extended = true;
        auto selection = parse_selection(r.take()->items, out.selection, r);
        if (!selection) {
            return selection.error();
        }
    }
    auto reference = r.astring("reference name");
    if (!reference) {
        return reference.error();
    }
    out.reference = decode_mailbox_pattern(*reference, context.utf8);
    bool several = false;
    auto patterns = parse_patterns(r, context, several);
    if (!patterns) {
        return patterns.error();
    }
    out.patterns = std::move(*patterns);
    out.extended = out.extended || several;
    if (r.peek_atom("RETURN")) {
        r.take();
        auto options = r.list("LIST return options");
        if (!options) {
            return options.error();
        }
        auto ret = parse_return(**options, out.options, r);
        if (!ret) {
            return ret.error();
        }
        out.extended = true;
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<ListArgs> parse_lsub(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    ListArgs out;
    out.lsub = true;
    auto reference = r.astring("reference name");
    if (!reference) {
        return reference.error();
    }
    out.reference = decode_mailbox_pattern(*reference, context.utf8);
    auto pattern = r.astring("mailbox pattern");
    if (!pattern) {
        return pattern.error();
    }
    out.patterns.push_back(decode_mailbox_pattern(*pattern, context.utf8));
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

}  // namespace roost::imap::proto
