// Serialisation of untagged data responses.
#include "imap/proto/response_data.hpp"

#include "imap/proto/imap_date.hpp"
#include "imap/proto/mailbox_name.hpp"
#include "imap/proto/response.hpp"
#include "mail/imap/imap_string.hpp"

namespace roost::imap::proto {
namespace {

void append_separator(std::string& out, const std::optional<char>& sep)
{
    if (!sep) {
        out += "NIL";
        return;
    }
    out += '"';
    if (*sep == '"' || *sep == '\\') {
        out += '\\';
    }
    out += *sep;
    out += '"';
}

void append_words(std::string& out, std::string_view head, const std::vector<std::string>& words)
{
    out += head;
    for (const std::string& w : words) {
        out += ' ';
        out += w;
    }
    out += "\r\n";
}

void append_namespaces(std::string& out, const std::vector<NamespaceData::Namespace>& list,
                       bool utf8)
{
    if (list.empty()) {
        out += "NIL";
        return;
    }
    out += '(';
    for (const NamespaceData::Namespace& ns : list) {
        out += '(';
        append_string(out, utf8 ? ns.prefix : mutf7_encode(ns.prefix), utf8);
        out += ' ';
        append_separator(out, ns.separator);
        out += ')';
    }
    out += ')';
}

}  // namespace

void CapabilityData::append_to(std::string& out) const
{
    append_words(out, "* CAPABILITY", capabilities);
}

void EnabledData::append_to(std::string& out) const
{
    append_words(out, "* ENABLED", capabilities);
}

void CountData::append_to(std::string& out) const
{
    out += "* " + std::to_string(number);
    out += kind == Kind::Exists ? " EXISTS\r\n" : kind == Kind::Recent ? " RECENT\r\n"
                                                                       : " EXPUNGE\r\n";
}

void FlagsData::append_to(std::string& out) const
{
    out += "* FLAGS ";
    append_atom_list(out, flags);
    out += "\r\n";
}

void ListData::append_to(std::string& out) const
{
    out += lsub ? "* LSUB " : "* LIST ";
    append_atom_list(out, attributes);
    out += ' ';
    append_separator(out, separator);
    out += ' ';
    append_mailbox(out, name, utf8);
    if (childinfo_subscribed || old_name) {
        out += " (";
        if (childinfo_subscribed) {
            out += "\"CHILDINFO\" (\"SUBSCRIBED\")";
        }
        if (old_name) {
            out += childinfo_subscribed ? " " : "";
            out += "\"OLDNAME\" (";
            append_string(out, encode_mailbox_name(*old_name, utf8), utf8);
            out += ')';
        }
        out += ')';
    }
    out += "\r\n";
}

void StatusData::append_to(std::string& out) const
{
    out += "* STATUS ";
    append_mailbox(out, mailbox, utf8);
    out += " (";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        out += status_item_name(items[i].item);
        out += ' ';
        if (items[i].item == StatusItem::MailboxId) {
            out += '(' + items[i].id + ')';
        } else if (items[i].value) {
            out += std::to_string(*items[i].value);
        } else {
            out += "NIL";
        }
    }
    out += ")\r\n";
}

void SearchData::append_to(std::string& out) const
{
    out += "* SEARCH";
    for (const std::uint32_t n : numbers) {
        out += ' ';
        out += std::to_string(n);
    }
    if (modseq) {
        out += " (MODSEQ " + std::to_string(*modseq) + ')';
    }
    out += "\r\n";
}

void EsearchData::append_to(std::string& out) const
{
    out += "* ESEARCH";
    if (!tag.empty()) {
        out += " (TAG ";
        append_string(out, tag);
        out += ')';
    }
    if (uid) {
        out += " UID";
    }
    if (min) {
        out += " MIN " + std::to_string(*min);
    }
    if (max) {
        out += " MAX " + std::to_string(*max);
    }
    if (count) {
        out += " COUNT " + std::to_string(*count);
    }
    if (all && !all->empty()) {
        out += " ALL " + all->to_string();
    }
    if (modseq) {
        out += " MODSEQ " + std::to_string(*modseq);
    }
    out += "\r\n";
}

void VanishedData::append_to(std::string& out) const
{
    out += earlier ? "* VANISHED (EARLIER) " : "* VANISHED ";
    out += uids.to_string();
    out += "\r\n";
}

void NamespaceData::append_to(std::string& out) const
{
    out += "* NAMESPACE ";
    append_namespaces(out, personal, utf8);
    out += ' ';
    append_namespaces(out, other_users, utf8);
    out += ' ';
    append_namespaces(out, shared, utf8);
    out += "\r\n";
}

void IdData::append_to(std::string& out) const
{
    out += "* ID ";
    if (!fields) {
        out += "NIL\r\n";
        return;
    }
    out += '(';
    for (std::size_t i = 0; i < fields->size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        append_string(out, (*fields)[i].first);
        out += ' ';
        append_nstring(out, (*fields)[i].second);
    }
    out += ")\r\n";
}

void QuotaData::append_to(std::string& out) const
{
    out += "* QUOTA ";
    append_astring(out, root);
    out += " (";
    for (std::size_t i = 0; i < resources.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        out += resources[i].name + ' ' + std::to_string(resources[i].usage) + ' ' +
               std::to_string(resources[i].limit);
    }
    out += ")\r\n";
}

void QuotaRootData::append_to(std::string& out) const
{
    out += "* QUOTAROOT ";
    append_mailbox(out, mailbox, utf8);
    for (const std::string& root : roots) {
        out += ' ';
        append_astring(out, root);
    }
    out += "\r\n";
}

void MetadataData::append_to(std::string& out) const
{
    out += "* METADATA ";
    append_string(out, encode_mailbox_name(mailbox, utf8), utf8);
    out += " (";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        append_astring(out, entries[i].first);
        out += ' ';
        append_nstring(out, entries[i].second, utf8);
    }
    out += ")\r\n";
}

FetchResponse::FetchResponse(std::uint32_t sequence)
    : line_("* " + std::to_string(sequence) + " FETCH (")
{
}

void FetchResponse::start_item(std::string_view name)
{
    if (!first_) {
        line_ += ' ';
    }
    first_ = false;
    line_ += name;
    line_ += ' ';
}

void FetchResponse::add_number(std::string_view name, std::uint64_t value)
{
    start_item(name);
    line_ += std::to_string(value);
}

void FetchResponse::add_flags(const std::vector<std::string>& flags)
{
    start_item("FLAGS");
    append_atom_list(line_, flags);
}

void FetchResponse::add_modseq(std::uint64_t modseq)
{
    start_item("MODSEQ");
    line_ += '(' + std::to_string(modseq) + ')';
}

void FetchResponse::add_internal_date(std::int64_t unix_time, int zone_minutes)
{
    start_item("INTERNALDATE");
    line_ += format_date_time(unix_time, zone_minutes);
}

void FetchResponse::add_nstring(std::string_view name, const std::optional<std::string>& value)
{
    start_item(name);
    append_nstring(line_, value);
}

void FetchResponse::add_literal(std::string_view name, std::string_view data, bool literal8)
{
    start_item(name);
    if (literal8) {
        line_ += '~';
    }
    mail::imap::append_literal(line_, data);
}

std::string& FetchResponse::add_raw(std::string_view name)
{
    start_item(name);
    return line_;
}

void FetchResponse::append_to(std::string& out) const
{
    out += line_;
    out += ")\r\n";
}

std::string FetchResponse::to_string() const
{
    std::string out;
    append_to(out);
    return out;
}

}  // namespace roost::imap::proto
