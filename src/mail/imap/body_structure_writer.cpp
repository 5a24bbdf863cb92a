// BODY / BODYSTRUCTURE writer.
#include "mail/imap/body_structure_writer.hpp"

#include "core/strings.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/imap/imap_string.hpp"

namespace roost::mail::imap {
namespace {

void write_params(std::string& out, const std::vector<MimeParam>& params, bool add_charset)
{
    if (params.empty() && !add_charset) {
        out += "NIL";
        return;
    }
    out += '(';
    bool first = true;
    for (const MimeParam& p : params) {
        if (!first) {
            out += ' ';
        }
        first = false;
        append_string(out, p.name);
        out += ' ';
        append_string(out, p.value);
    }
    if (add_charset) {
        out += first ? "\"charset\" \"us-ascii\"" : " \"charset\" \"us-ascii\"";
    }
    out += ')';
}

void write_disposition(std::string& out, const MimeHeader& mime)
{
    if (!mime.disposition) {
        out += "NIL";
        return;
    }
    out += '(';
    append_string(out, *mime.disposition);
    out += ' ';
    write_params(out, mime.disposition_params, false);
    out += ')';
}

void write_languages(std::string& out, const MimeHeader& mime)
{
    if (!mime.languages) {
        out += "NIL";
        return;
    }
    out += '(';
    for (std::size_t i = 0; i < mime.languages->size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        append_string(out, (*mime.languages)[i]);
    }
    out += ')';
}

// body-ext-1part after the basic fields: md5, disposition, language, location.
void write_leaf_extension(std::string& out, const MimeHeader& mime)
{
    out += ' ';
    append_nstring_nolf(out, mime.md5);
    out += ' ';
    write_disposition(out, mime);
    out += ' ';
    write_languages(out, mime);
    out += ' ';
    append_nstring_nolf(out, mime.location);
}

constexpr std::string_view kEmptyTextBody =
    "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0";
constexpr std::string_view kEmptyEnvelope = "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)";

void write_empty_text(std::string& out, bool extended)
{
    out += kEmptyTextBody;
    if (extended) {
        out += " NIL NIL NIL NIL";
    }
    out += ')';
}

void write_multipart(std::string& out, const MessageStructure& s, std::uint32_t index,
                     bool extended)
{
    const MessagePart& part = s.parts[index];
    out += '(';
    if (part.children == 0) {
        write_empty_text(out, extended);
    }
    for (std::uint32_t c = s.first_child(index); c != kNoPart; c = s.next_sibling(c)) {
        write_body_structure(out, s, c, extended);
    }
    out += ' ';
    append_string(out, part.mime.subtype);
    if (extended) {
        out += ' ';
        write_params(out, part.mime.params, false);
        out += ' ';
        write_disposition(out, part.mime);
        out += ' ';
        write_languages(out, part.mime);
        out += ' ';
        append_nstring_nolf(out, part.mime.location);
    }
    out += ')';
}

// A message that is one plain us-ascii text part with no other MIME field: Dovecot keeps no
// BODYSTRUCTURE for it in its cache and, from the second FETCH on, answers with the default
// spelling ("text" "plain" ("charset" "us-ascii") ... "7bit"). Roost sends that steady state.
bool is_default_plain_text(const MessagePart& part)
{
    const MimeHeader& m = part.mime;
    if (part.is(kPartMultipart) || part.is(kPartMessage) || !iequals(m.type, "text") ||
        !iequals(m.subtype, "plain") || m.id || m.description || m.md5 || m.disposition ||
        m.languages || m.location) {
        return false;
    }
    if (m.encoding && !iequals(*m.encoding, "7bit")) {
        return false;
    }
    if (m.params.size() > 1 ||
        (m.params.size() == 1 &&
         !(iequals(m.params[0].name, "charset") && iequals(m.params[0].value, "us-ascii")))) {
        return false;
    }
    return true;
}

}  // namespace

void write_body_structure(std::string& out, const MessageStructure& s, std::uint32_t index,
                          bool extended)
{
    const MessagePart& part = s.parts[index];
    if (part.is(kPartMultipart)) {
        write_multipart(out, s, index, extended);
        return;
    }
    const MimeHeader& mime = part.mime;
    const bool text = part.is(kPartText);
    if (index == 0 && is_default_plain_text(part)) {
        out += kEmptyTextBody.substr(0, kEmptyTextBody.size() - 3);  // without the sizes
        out += std::to_string(part.body.virtual_size) + " " + std::to_string(part.body.lines);
        if (extended) {
            out += " NIL NIL NIL NIL";
        }
        out += ')';
        return;
    }
    out += '(';
    append_string(out, mime.type);
    out += ' ';
    append_string(out, mime.subtype);
    out += ' ';
    write_params(out, mime.params, text && mime.param("charset") == nullptr);
    out += ' ';
    append_nstring_nolf(out, mime.id);
    out += ' ';
    append_nstring_nolf(out, mime.description);
    out += ' ';
    if (mime.encoding) {
        append_string(out, *mime.encoding);
    } else {
        out += "\"7bit\"";
    }
    out += ' ';
    out += std::to_string(part.body.virtual_size);
    if (text) {
        out += ' ';
        out += std::to_string(part.body.lines);
    } else if (part.is(kPartMessage)) {
        out += ' ';
        if (part.children == 1 && s.parts[index + 1].envelope) {
            write_envelope(out, *s.parts[index + 1].envelope);
            out += ' ';
            write_body_structure(out, s, index + 1, extended);
        } else {
            out += kEmptyEnvelope;
            out += ' ';
            write_empty_text(out, extended);
        }
        out += ' ';
        out += std::to_string(part.body.lines);
    }
    if (extended) {
        write_leaf_extension(out, mime);
    }
    out += ')';
}

std::string body_structure_string(const MessageStructure& structure, bool extended,
                                  std::uint32_t index)
{
    std::string out;
    write_body_structure(out, structure, index, extended);
    return out;
}

}  // namespace roost::mail::imap
