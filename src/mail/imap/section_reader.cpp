// BODY[section] contents.
#include "mail/imap/section_reader.hpp"

#include "core/strings.hpp"
#include "mail/header_field.hpp"

namespace roost::mail::imap {
namespace {

SectionRange header_of(const MessagePart& part, std::uint32_t index)
{
    return {part.offset, part.header.physical, part.header.virtual_size, false, index};
}

SectionRange body_of(const MessagePart& part, std::uint32_t index)
{
    return {part.body_offset(), part.body.physical, part.body.virtual_size, false, index};
}

SectionRange nothing()
{
    return {0, 0, 0, true, 0};
}

// True when the header bytes end with their empty line.
bool ends_with_empty_line(std::string_view header)
{
    return header == "\n" || header == "\r\n" || header.ends_with("\n\n") ||
           header.ends_with("\n\r\n");
}

}  // namespace

SectionRange section_range(const MessageStructure& s, const SectionSpec& spec)
{
    using Kind = SectionSpec::Kind;
    if (s.parts.empty()) {
        return nothing();
    }
    std::uint32_t message = 0;  // the message whose HEADER/TEXT a section names
    if (!spec.part.empty()) {
        const auto found = s.find_section(spec.part);
        if (!found) {
            return nothing();
        }
        const MessagePart& part = s.parts[*found];
        switch (spec.kind) {
            case Kind::Full:
                return body_of(part, *found);
            case Kind::Mime:
                return header_of(part, *found);
            default:
                break;
        }
        // HEADER, TEXT and HEADER.FIELDS of a part apply to the message it encloses.
        if (!part.is(kPartMessage) || part.children != 1) {
            return nothing();
        }
        message = *found + 1;
    }
    const MessagePart& m = s.parts[message];
    switch (spec.kind) {
        case Kind::Full: {
            return {m.offset, m.header.physical + m.body.physical,
                    m.header.virtual_size + m.body.virtual_size, false, message};
        }
        case Kind::Text:
            return body_of(m, message);
        default:
            return header_of(m, message);
    }
}

std::string to_wire(std::string_view bytes, char prev)
{
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 32 + 2);
    for (const char c : bytes) {
        if (c == '\n' && prev != '\r') {
            out += '\r';
        }
        out += c == '\0' ? '\x80' : c;
        prev = c;
    }
    return out;
}

std::string_view apply_partial(std::string_view data, const Partial& partial)
{
    if (partial.offset >= data.size()) {
        return {};
    }
    return data.substr(partial.offset, partial.count);
}

std::string filter_header(std::string_view header, const std::vector<std::string>& fields,
                          bool negate, bool add_end)
{
    std::string out;
    HeaderReader reader(header);
    while (auto field = reader.next()) {
        bool listed = false;
        if (field->has_colon) {
            for (const std::string& name : fields) {
                if (iequals(name, field->name)) {
                    listed = true;
                    break;
                }
            }
        }
        if (listed != negate) {
            out += field->raw;
        }
    }
    if (add_end) {
        out += "\n";
    } else {
        out += header.substr(reader.position());  // the header's own end, if it has one
    }
    return out;
}

std::string read_section(const MessageStructure& s, std::string_view message,
                         const SectionSpec& spec)
{
    const SectionRange range = section_range(s, spec);
    if (range.empty || range.offset > message.size()) {
        return {};
    }
    const std::string_view bytes =
        message.substr(range.offset, std::min<std::uint64_t>(range.size, message.size()));
    const char prev = range.offset > 0 ? message[range.offset - 1] : '\0';
    if (spec.kind == SectionSpec::Kind::HeaderFields ||
        spec.kind == SectionSpec::Kind::HeaderFieldsNot) {
        const bool negate = spec.kind == SectionSpec::Kind::HeaderFieldsNot;
        // Dovecot ends HEADER.FIELDS of the message itself with an empty line even when its
        // header has none. Elsewhere the header's own end is kept; a header that was ended by
        // an empty line whose line end a boundary took (RFC 2046 section 5.1.1) keeps it too.
        const bool root_fields = !negate && spec.part.empty();
        std::string out = filter_header(bytes, spec.fields, negate, root_fields);
        const bool empty_part_header = !spec.part.empty() && bytes.empty();
        if (!root_fields && (empty_part_header || (!s.parts[range.message].is(kPartHeaderNoEnd) &&
                                                   !ends_with_empty_line(bytes)))) {
            out += "\n";
        }
        return to_wire(out);
    }
    return to_wire(bytes, prev);
}

}  // namespace roost::mail::imap
