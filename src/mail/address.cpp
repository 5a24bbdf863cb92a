// Address list parsing. The recovery rules (what a broken address turns into, when the rest of
// the list is given up) follow what Dovecot reports, so ENVELOPE data matches it.
#include "mail/address.hpp"

#include "mail/rfc822_lexer.hpp"

namespace roost::mail {
namespace {

constexpr std::string_view kSyntaxError = "SYNTAX_ERROR";
constexpr std::string_view kInvalidRoute = "INVALID_ROUTE";

// A phrase: words (atoms, which may hold obsolete dots, or quoted strings) joined by single
// spaces, CFWS skipped. False when a quoted string is not terminated or it starts with '.'.
bool read_phrase(Rfc822Lexer& lex, std::string& out)
{
    lex.skip_cfws();
    if (lex.peek() == '.') {
        return false;
    }
    bool any = false;
    for (;;) {
        std::string word;
        if (lex.peek() == '"') {
            if (!lex.read_quoted_string(word)) {
                // Unterminated: what was read still counts (Dovecot shows it as the name).
                out += any ? " " + word : word;
                return false;
            }
        } else {
            const std::size_t start = lex.position();
            while (!lex.at_end() &&
                   (is_atext(static_cast<unsigned char>(lex.peek())) || lex.peek() == '.')) {
                lex.advance();
            }
            if (lex.position() == start) {
                return true;
            }
            word = std::string(lex.slice(start, lex.position()));
        }
        if (any) {
            out.push_back(' ');
        }
        out += word;
        any = true;
        lex.skip_cfws();
    }
}

// local-part: a quoted string or a dot-atom (obsolete trailing dots kept). False when there is
// none or the quoted string is not terminated.
bool read_local_part(Rfc822Lexer& lex, std::string& out, std::string& comment)
{
    if (lex.peek() == '"') {
        if (!lex.read_quoted_string(out)) {
            return false;
        }
        lex.skip_cfws(&comment);
        return true;
    }
    // Atoms and dots, obsolete leading and trailing dots included. CFWS may come before a dot
    // but not after one (a dot not followed by an atom ends the local part right there).
    bool any = lex.read_atom(out);
    for (;;) {
        lex.skip_cfws(&comment);
        if (lex.peek() != '.') {
            return any;
        }
        lex.advance();
        out.push_back('.');
        any = true;
        if (!lex.read_atom(out)) {
            return true;
        }
    }
}

// domain: a dot-atom (every dot followed by an atom) or a terminated domain literal, with no
// unterminated comment after it.
bool read_domain(Rfc822Lexer& lex, std::string& out, std::string& comment)
{
    if (!lex.skip_cfws(&comment)) {
        return false;
    }
    if (lex.peek() == '[') {
        const bool ok = lex.read_domain_literal(out);
        return lex.skip_cfws(&comment) && ok;
    }
    if (!lex.read_atom(out)) {
        return false;
    }
    for (;;) {
        if (!lex.skip_cfws(&comment)) {
            return false;
        }
        if (lex.peek() != '.') {
            return true;
        }
        lex.advance();
        out.push_back('.');
        lex.skip_cfws(&comment);
        if (!lex.read_atom(out)) {
            return false;
        }
    }
}

// addr-spec. Outside angle brackets a comment after it becomes the name, and a local part
// without '@' that is quoted or followed by more words is taken for a display name without an
// address ("Name Only").
void read_addr_spec(Rfc822Lexer& lex, Address& addr, bool in_angle)
{
    std::string comment;
    std::string local;
    const bool quoted = lex.peek() == '"';
    const bool ok = read_local_part(lex, local, comment);
    if (ok && !local.empty()) {
        addr.mailbox = local;
    }
    bool has_at = false;
    if (!lex.at_end() && lex.peek() == '@') {
        has_at = true;
        lex.advance();
        std::string domain;
        if (read_domain(lex, domain, comment)) {
            addr.domain = domain;
        }
    }
    if (in_angle) {
        return;
    }
    if (!comment.empty()) {
        addr.name = comment;
    } else if (ok && !has_at) {
        std::string more;
        if (!read_phrase(lex, more) && !quoted && local.back() == '.') {
            // An obsolete trailing dot, then an unterminated quoted string: nothing is usable.
            addr.mailbox.reset();
            return;
        }
        if (!more.empty() || quoted) {
            addr.mailbox.reset();
            addr.name = more.empty() ? local : local + " " + more;
        }
    }
}

// "<" [route ":"] addr-spec ">" with the cursor at '<'.
void read_angle_addr(Rfc822Lexer& lex, Address& addr)
{
    lex.advance();
    lex.skip_cfws();
    if (lex.peek() == '@') {
        std::string route;
        std::string ignored;
        bool valid = true;
        for (;;) {
            lex.advance();  // '@'
            std::string domain;
            route.push_back('@');
            if (!read_domain(lex, domain, ignored)) {
                valid = false;
                break;
            }
            route += domain;
            if (lex.peek() != ',') {
                break;
            }
            lex.advance();
            lex.skip_cfws();
            if (lex.peek() != '@') {
                valid = false;
                break;
            }
            route.push_back(',');
        }
        lex.skip_cfws();
        if (valid && lex.peek() == ':') {
            lex.advance();
        } else {
            valid = false;
        }
        addr.route = valid ? route : std::string(kInvalidRoute);
        lex.skip_cfws();
    }
    read_addr_spec(lex, addr, true);
    lex.skip_cfws();
    if (lex.peek() == '>') {
        lex.advance();
    } else {
        addr.domain = std::string(kSyntaxError);
    }
}

// One mailbox: a name-addr, else an addr-spec. A broken one still yields an address.
Address read_mailbox(Rfc822Lexer& lex)
{
    lex.skip_cfws();
    const std::size_t start = lex.position();
    Address addr;
    std::string phrase;
    if (read_phrase(lex, phrase) && lex.peek() == '<') {
        if (!phrase.empty()) {
            addr.name = phrase;
        }
        read_angle_addr(lex, addr);
    } else {
        lex.set_position(start);
        read_addr_spec(lex, addr, false);
    }
    lex.skip_cfws();
    if (!addr.mailbox || addr.mailbox->empty()) {
        addr.mailbox = std::string(kMissingMailbox);
    }
    if (!addr.domain || addr.domain->empty()) {
        addr.domain = std::string(kMissingDomain);
    }
    return addr;
}

// A group after its "name:"; false when the list must stop.
bool read_group_members(Rfc822Lexer& lex, AddressList& out)
{
    for (;;) {
        lex.skip_cfws();
        if (lex.at_end()) {
            return true;
        }
        if (lex.peek() == ';') {
            lex.advance();
            return true;
        }
        out.push_back(read_mailbox(lex));
        lex.skip_cfws();
        if (lex.peek() == ',') {
            lex.advance();
            continue;
        }
        if (lex.peek() == ';') {
            lex.advance();
            return true;
        }
        return lex.at_end();
    }
}

}  // namespace

AddressList parse_address_list(std::string_view value)
{
    AddressList out;
    Rfc822Lexer lex(value);
    lex.skip_cfws();
    if (lex.at_end()) {
        return out;
    }
    for (;;) {
        const std::size_t start = lex.position();
        std::string phrase;
        const bool phrase_ok = read_phrase(lex, phrase);
        lex.skip_cfws();
        if (phrase_ok && lex.peek() == ':') {
            lex.advance();
            Address group;
            group.mailbox = phrase;
            out.push_back(std::move(group));
            const bool go_on = read_group_members(lex, out);
            out.push_back(Address{});
            if (!go_on) {
                break;
            }
        } else {
            lex.set_position(start);
            out.push_back(read_mailbox(lex));
        }
        lex.skip_cfws();
        if (lex.peek() != ',') {
            break;  // the end, or junk after an address: the rest is given up
        }
        lex.advance();
        lex.skip_cfws();
        if (lex.at_end()) {
            break;
        }
    }
    return out;
}

std::string address_spec(const Address& address)
{
    std::string out = address.mailbox.value_or("");
    if (address.domain && *address.domain != kMissingDomain) {
        out += "@" + *address.domain;
    }
    return out;
}

}  // namespace roost::mail
