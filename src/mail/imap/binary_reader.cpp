// BINARY section decoding. A leaf part is decoded directly; a message, a multipart or an
// enclosed message is sent with every base64 / quoted-printable leaf decoded in place and its
// Content-Transfer-Encoding field replaced by "binary" at the end of its header (what Dovecot
// sends; RFC 3516 leaves the form of such whole-message conversions open).
#include "mail/imap/binary_reader.hpp"

#include "core/strings.hpp"
#include "mail/header_field.hpp"
#include "mail/imap/section_reader.hpp"
#include "mail/mail_error.hpp"
#include "mail/part_decoder.hpp"
#include "mail/transfer_decoder.hpp"

namespace roost::mail::imap {
namespace {

// Wire form of identity-encoded bytes for BINARY: bare LF as CRLF, NUL kept (literal8 allows it).
void append_crlf(std::string& out, std::string_view bytes, char& prev)
{
    for (const char c : bytes) {
        if (c == '\n' && prev != '\r') {
            out += '\r';
        }
        out += c;
        prev = c;
    }
}

std::string_view slice(std::string_view message, std::uint64_t offset, std::uint64_t size)
{
    if (offset >= message.size()) {
        return {};
    }
    return message.substr(offset, size);
}

bool needs_decoding(TransferEncoding e)
{
    return e == TransferEncoding::Base64 || e == TransferEncoding::QuotedPrintable;
}

// The header of a decoded leaf: its Content-Transfer-Encoding fields dropped and
// "Content-Transfer-Encoding: binary" added before the empty line ending it.
std::string rewrite_header(std::string_view header)
{
    std::string out;
    HeaderReader reader(header);
    while (auto field = reader.next()) {
        if (!(field->has_colon && iequals(field->name, "Content-Transfer-Encoding"))) {
            out += field->raw;
            if (line_end_length(field->raw) == 0) {
                out += "\r\n";
            }
        }
    }
    out += "Content-Transfer-Encoding: binary\r\n";
    out += header.substr(reader.position());
    return out;
}

std::string decode_leaf(const MessagePart& part, std::string_view message)
{
    TransferDecoder decoder(decode_encoding(part.mime));
    std::string out;
    decoder.feed(slice(message, part.body_offset(), part.body.physical), out);
    decoder.finish(out);
    return out;
}

// Appends the bytes [from, to) of the message with the leaves inside [first, last) converted.
Result<void> convert_range(std::string& out, bool& converted, const MessageStructure& s,
                           std::string_view message, std::uint64_t from, std::uint64_t to,
                           std::uint32_t first, std::uint32_t last)
{
    std::uint64_t cursor = from;
    char prev = from > 0 && from <= message.size() ? message[from - 1] : '\0';
    for (std::uint32_t i = first; i < last; ++i) {
        const MessagePart& p = s.parts[i];
        if (p.children > 0) {
            continue;
        }
        const TransferEncoding enc = decode_encoding(p.mime);
        if (enc == TransferEncoding::Unknown) {
            return mail_error(MailError::UnknownEncoding, "unknown Content-Transfer-Encoding");
        }
        if (!needs_decoding(enc) || p.offset < cursor) {
            continue;
        }
        append_crlf(out, slice(message, cursor, p.offset - cursor), prev);
        append_crlf(out, rewrite_header(slice(message, p.offset, p.header.physical)), prev);
        out += decode_leaf(p, message);
        cursor = p.end_offset();
        // Line ends after the decoded data convert by the raw bytes, as Dovecot does: a body
        // decoding to a trailing CR still gets "\r\n" for the LF that follows it.
        prev = cursor > 0 && cursor <= message.size() ? message[cursor - 1] : '\0';
        converted = true;
    }
    if (to > cursor) {
        append_crlf(out, slice(message, cursor, to - cursor), prev);
    }
    return {};
}

}  // namespace

Result<BinaryContent> read_binary(const MessageStructure& s, std::string_view message,
                                  const SectionSpec& spec)
{
    if (spec.kind != SectionSpec::Kind::Full) {
        return mail_error(MailError::BadSection, "BINARY takes only part numbers");
    }
    BinaryContent result;
    if (s.parts.empty()) {
        return result;
    }
    std::uint32_t index = 0;
    if (!spec.part.empty()) {
        const auto found = s.find_section(spec.part);
        if (!found) {
            return result;  // Dovecot sends an empty string for a part the message lacks
        }
        index = *found;
    }
    const MessagePart& part = s.parts[index];
    Result<void> r;
    if (spec.part.empty()) {
        r = convert_range(result.data, result.binary, s, message, part.offset, part.end_offset(), 0,
                          static_cast<std::uint32_t>(s.parts.size()));
    } else if (part.children > 0) {
        r = convert_range(result.data, result.binary, s, message, part.body_offset(),
                          part.end_offset(), index + 1, index + part.subtree);
    } else {
        const TransferEncoding enc = decode_encoding(part.mime);
        if (enc == TransferEncoding::Unknown) {
            return mail_error(MailError::UnknownEncoding, "unknown Content-Transfer-Encoding");
        }
        if (needs_decoding(enc)) {
            result.data = decode_leaf(part, message);
            result.binary = true;
        } else {
            char prev = part.body_offset() > 0 && part.body_offset() <= message.size()
                            ? message[part.body_offset() - 1]
                            : '\0';
            append_crlf(result.data, slice(message, part.body_offset(), part.body.physical), prev);
        }
    }
    if (!r) {
        return r.error();
    }
    result.binary = result.binary || result.data.find('\0') != std::string::npos;
    return result;
}

Result<std::uint64_t> binary_size(const MessageStructure& s, std::string_view message,
                                  const SectionSpec& spec)
{
    if (spec.kind == SectionSpec::Kind::Full && !spec.part.empty()) {
        const auto found = s.find_section(spec.part);
        if (found && s.parts[*found].children == 0 &&
            decode_encoding(s.parts[*found].mime) == TransferEncoding::Identity) {
            return s.parts[*found].body.virtual_size;  // known without the bytes
        }
    }
    auto data = read_binary(s, message, spec);
    if (!data) {
        return data.error();
    }
    return static_cast<std::uint64_t>(data->data.size());
}

}  // namespace roost::mail::imap
