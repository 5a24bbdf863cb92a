// The cached fields of a message and the header sections answered from them.
#include "storage/cache/cached_fields.hpp"

#include "mail/imap/body_structure_writer.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/imap/section_reader.hpp"

namespace roost::storage::cache {

CachedMessage cached_fields_of(const mail::MessageStructure& structure, std::string_view data,
                               bool with_body)
{
    CachedMessage m;
    const mail::MessagePart& root = structure.root();
    m[CacheField::Envelope] = mail::imap::envelope_string(root.envelope.value_or(mail::Envelope{}));
    m[CacheField::BodyStructure] = mail::imap::body_structure_string(structure, true);
    if (with_body) {
        m[CacheField::Body] = mail::imap::body_structure_string(structure, false);
    }
    if (root.header.physical <= kMaxCachedHeader && root.offset + root.header.physical <= data.size()) {
        m[CacheField::Header] = std::string(data.substr(root.offset, root.header.physical));
    }
    return m;
}

bool is_cached_header_section(const mail::imap::SectionSpec& section)
{
    using Kind = mail::imap::SectionSpec::Kind;
    return section.part.empty() && (section.kind == Kind::Header || section.kind == Kind::HeaderFields ||
                                    section.kind == Kind::HeaderFieldsNot);
}

std::optional<std::string> header_section_from_cache(const CachedMessage& message,
                                                     const mail::imap::SectionSpec& section)
{
    using Kind = mail::imap::SectionSpec::Kind;
    const auto& header = message[CacheField::Header];
    if (!header || !is_cached_header_section(section)) {
        return std::nullopt;
    }
    // The same results as mail::imap::read_section() gives for the message's own header: the
    // header starts the message, and HEADER.FIELDS of the message itself always ends with an
    // empty line (as Dovecot's does) while HEADER.FIELDS.NOT keeps the header's own end.
    switch (section.kind) {
        case Kind::Header: return mail::imap::to_wire(*header);
        case Kind::HeaderFields:
            return mail::imap::to_wire(mail::imap::filter_header(*header, section.fields, false, true));
        case Kind::HeaderFieldsNot:
            return mail::imap::to_wire(mail::imap::filter_header(*header, section.fields, true, false));
        default: return std::nullopt;
    }
}

}  // namespace roost::storage::cache
