// Status responses, response codes and the string writers.
#include "imap/proto/response.hpp"

#include <array>
#include <utility>

#include "core/base64.hpp"
#include "core/strings.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/mailbox_name.hpp"
#include "mail/imap/imap_string.hpp"
#include "mail/utf8.hpp"

namespace roost::imap::proto {
namespace {

using Kind = ResponseCode::Kind;

constexpr std::array<std::pair<Kind, std::string_view>, 42> kCodeNames = {{
    {Kind::Alert, "ALERT"},
    {Kind::AlreadyExists, "ALREADYEXISTS"},
    {Kind::AppendUid, "APPENDUID"},
    {Kind::AuthenticationFailed, "AUTHENTICATIONFAILED"},
    {Kind::AuthorizationFailed, "AUTHORIZATIONFAILED"},
    {Kind::BadCharset, "BADCHARSET"},
    {Kind::Cannot, "CANNOT"},
    {Kind::Capability, "CAPABILITY"},
    {Kind::ClientBug, "CLIENTBUG"},
    {Kind::Closed, "CLOSED"},
    {Kind::CompressionActive, "COMPRESSIONACTIVE"},
    {Kind::ContactAdmin, "CONTACTADMIN"},
    {Kind::CopyUid, "COPYUID"},
    {Kind::Corruption, "CORRUPTION"},
    {Kind::Expired, "EXPIRED"},
    {Kind::ExpungeIssued, "EXPUNGEISSUED"},
    {Kind::HasChildren, "HASCHILDREN"},
    {Kind::HighestModSeq, "HIGHESTMODSEQ"},
    {Kind::InUse, "INUSE"},
    {Kind::Limit, "LIMIT"},
    {Kind::MailboxId, "MAILBOXID"},
    {Kind::Modified, "MODIFIED"},
    {Kind::NoModSeq, "NOMODSEQ"},
    {Kind::NonExistent, "NONEXISTENT"},
    {Kind::NoPerm, "NOPERM"},
    {Kind::NotSaved, "NOTSAVED"},
    {Kind::OverQuota, "OVERQUOTA"},
    {Kind::Parse, "PARSE"},
    {Kind::PermanentFlags, "PERMANENTFLAGS"},
    {Kind::PrivacyRequired, "PRIVACYREQUIRED"},
    {Kind::ReadOnly, "READ-ONLY"},
    {Kind::ReadWrite, "READ-WRITE"},
    {Kind::ServerBug, "SERVERBUG"},
    {Kind::TooBig, "TOOBIG"},
    {Kind::TryCreate, "TRYCREATE"},
    {Kind::UidNext, "UIDNEXT"},
    {Kind::UidNotSticky, "UIDNOTSTICKY"},
    {Kind::UidValidity, "UIDVALIDITY"},
    {Kind::Unavailable, "UNAVAILABLE"},
    {Kind::UnknownCte, "UNKNOWN-CTE"},
    {Kind::Unseen, "UNSEEN"},
    {Kind::UseAttr, "USEATTR"},
}};

std::string_view code_name(Kind kind)
{
    for (const auto& [k, name] : kCodeNames) {
        if (k == kind) {
            return name;
        }
    }
    return "";
}

// ASTRING-CHAR: ATOM-CHAR or ']' (no '%', '*', '\' or quoted specials).
bool is_astring_char(char c)
{
    return is_atom_char(c) && c != '%' && c != '*' && c != '\\';
}

// Human text on a status line: one line, no NUL.
void append_text(std::string& out, std::string_view text)
{
    for (const char c : text) {
        out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
    }
}

}  // namespace

void append_string(std::string& out, std::string_view s, bool utf8)
{
    if (utf8 && s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos &&
        mail::is_valid_utf8(s)) {
        out += '"';
        for (const char c : s) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
        return;
    }
    mail::imap::append_string(out, s);
}

void append_nstring(std::string& out, const std::optional<std::string>& s, bool utf8)
{
    if (!s) {
        out += "NIL";
        return;
    }
    append_string(out, *s, utf8);
}

void append_astring(std::string& out, std::string_view s, bool utf8)
{
    bool atom = !s.empty() && !iequals(s, "NIL");
    for (const char c : s) {
        atom = atom && is_astring_char(c);
    }
    if (atom) {
        out += s;
    } else {
        append_string(out, s, utf8);
    }
}

void append_mailbox(std::string& out, std::string_view name, bool utf8)
{
    append_astring(out, encode_mailbox_name(name, utf8), utf8);
}

void append_atom_list(std::string& out, const std::vector<std::string>& atoms)
{
    out += '(';
    for (std::size_t i = 0; i < atoms.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        out += atoms[i];
    }
    out += ')';
}

ResponseCode ResponseCode::simple(Kind kind)
{
    ResponseCode code;
    code.kind = kind;
    return code;
}

ResponseCode ResponseCode::with_number(Kind kind, std::uint64_t number)
{
    ResponseCode code = simple(kind);
    code.number = number;
    return code;
}

ResponseCode ResponseCode::with_atoms(Kind kind, std::vector<std::string> atoms)
{
    ResponseCode code = simple(kind);
    code.atoms = std::move(atoms);
    return code;
}

ResponseCode ResponseCode::append_uid(std::uint32_t uidvalidity, SequenceSet uids)
{
    ResponseCode code = with_number(Kind::AppendUid, uidvalidity);
    code.set = std::move(uids);
    return code;
}

ResponseCode ResponseCode::copy_uid(std::uint32_t uidvalidity, SequenceSet from, SequenceSet to)
{
    ResponseCode code = with_number(Kind::CopyUid, uidvalidity);
    code.set = std::move(from);
    code.set2 = std::move(to);
    return code;
}

ResponseCode ResponseCode::modified(SequenceSet set)
{
    ResponseCode code = simple(Kind::Modified);
    code.set = std::move(set);
    return code;
}

ResponseCode ResponseCode::other(std::string text)
{
    ResponseCode code = simple(Kind::Other);
    code.text = std::move(text);
    return code;
}

void ResponseCode::append_to(std::string& out) const
{
    out += '[';
    if (kind == Kind::Other) {
        for (const char c : text) {
            out += (c == '\r' || c == '\n' || c == '\0' || c == ']') ? ' ' : c;
        }
        out += ']';
        return;
    }
    out += code_name(kind);
    switch (kind) {
        case Kind::Capability:
            for (const std::string& atom : atoms) {
                out += ' ';
                out += atom;
            }
            break;
        case Kind::PermanentFlags:
            out += ' ';
            append_atom_list(out, atoms);
            break;
        case Kind::BadCharset:
            if (!atoms.empty()) {
                out += ' ';
                out += '(';
                for (std::size_t i = 0; i < atoms.size(); ++i) {
                    if (i > 0) {
                        out += ' ';
                    }
                    append_astring(out, atoms[i]);
                }
                out += ')';
            }
            break;
        case Kind::HighestModSeq:
        case Kind::UidNext:
        case Kind::UidValidity:
        case Kind::Unseen:
            out += ' ';
            out += std::to_string(number);
            break;
        case Kind::AppendUid:
            out += ' ' + std::to_string(number) + ' ' + set.to_string();
            break;
        case Kind::CopyUid:
            out += ' ' + std::to_string(number) + ' ' + set.to_string() + ' ' + set2.to_string();
            break;
        case Kind::Modified:
            out += ' ' + set.to_string();
            break;
        case Kind::MailboxId:
            out += " (";
            append_text(out, text);
            out += ')';
            break;
        default:
            break;
    }
    out += ']';
}

void StatusResponse::append_to(std::string& out) const
{
    out += tag.empty() ? std::string_view("*") : std::string_view(tag);
    switch (status) {
        case Status::Ok:
            out += " OK";
            break;
        case Status::No:
            out += " NO";
            break;
        case Status::Bad:
            out += " BAD";
            break;
        case Status::PreAuth:
            out += " PREAUTH";
            break;
        case Status::Bye:
            out += " BYE";
            break;
    }
    if (code) {
        out += ' ';
        code->append_to(out);
    }
    if (!text.empty()) {
        out += ' ';
        append_text(out, text);
    }
    out += "\r\n";
}

std::string StatusResponse::to_string() const
{
    std::string out;
    append_to(out);
    return out;
}

StatusResponse response_for(const ParseError& error)
{
    StatusResponse r;
    r.tag = error.tag;
    r.status = error.refused ? Status::No : Status::Bad;
    if (error.code == ImapProtoError::TooBig) {
        r.code = ResponseCode::simple(Kind::TooBig);
    }
    r.text = error.text;
    return r;
}

StatusResponse response_for(std::string_view tag, const Error& error)
{
    StatusResponse r;
    r.tag = std::string(tag);
    r.status = error.code == ImapProtoError::InvalidMailboxName ? Status::No : Status::Bad;
    if (error.code == ImapProtoError::TooBig) {
        r.code = ResponseCode::simple(Kind::TooBig);
    }
    r.text = error.message;
    return r;
}

ContinuationRequest ContinuationRequest::sasl_challenge(std::string_view bytes)
{
    return ContinuationRequest{base64_encode(bytes)};
}

void ContinuationRequest::append_to(std::string& out) const
{
    // "+ " even with an empty text: an empty SASL challenge is sent that way (RFC 4959)
    out += "+ ";
    append_text(out, text);
    out += "\r\n";
}

std::string ContinuationRequest::to_string() const
{
    std::string out;
    append_to(out);
    return out;
}

}  // namespace roost::imap::proto
