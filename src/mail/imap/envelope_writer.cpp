// ENVELOPE writer.
#include "mail/imap/envelope_writer.hpp"

#include "mail/imap/imap_string.hpp"

namespace roost::mail::imap {

void write_address_list(std::string& out, const std::optional<AddressList>& list)
{
    if (!list || list->empty()) {
        out += "NIL";
        return;
    }
    out += '(';
    for (const Address& a : *list) {
        out += '(';
        append_nstring_for_humans(out, a.name);
        out += ' ';
        append_nstring(out, a.route);
        out += ' ';
        append_nstring(out, a.mailbox);
        out += ' ';
        append_nstring(out, a.domain);
        out += ')';
    }
    out += ')';
}

void write_envelope(std::string& out, const Envelope& e)
{
    out += '(';
    append_nstring_nolf(out, e.date);
    out += ' ';
    append_nstring_for_humans(out, e.subject);
    out += ' ';
    write_address_list(out, e.from);
    out += ' ';
    write_address_list(out, e.sender ? e.sender : e.from);
    out += ' ';
    write_address_list(out, e.reply_to ? e.reply_to : e.from);
    out += ' ';
    write_address_list(out, e.to);
    out += ' ';
    write_address_list(out, e.cc);
    out += ' ';
    write_address_list(out, e.bcc);
    out += ' ';
    append_nstring_nolf(out, e.in_reply_to);
    out += ' ';
    append_nstring_nolf(out, e.message_id);
    out += ')';
}

std::string envelope_string(const Envelope& envelope)
{
    std::string out;
    write_envelope(out, envelope);
    return out;
}

}  // namespace roost::mail::imap
