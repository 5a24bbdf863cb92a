// Interpreting the MIME and envelope fields of a part header.
#include "mail/part_header.hpp"

#include "core/strings.hpp"
#include "mail/address.hpp"

namespace roost::mail {
namespace {

void keep_first(std::optional<std::string>& slot, std::string_view value)
{
    if (!slot) {
        slot = replace_nuls(value);
    }
}

// For fields parsed into tokens: a NUL ends a token there, as in Dovecot, so it stays.
void keep_first_raw(std::optional<std::string>& slot, std::string_view value)
{
    if (!slot) {
        slot = std::string(value);
    }
}

void append_addresses(std::optional<AddressList>& slot, std::string_view value)
{
    AddressList list = parse_address_list(value);  // NUL ends atoms, as in Dovecot
    if (list.empty()) {
        return;  // an empty field counts as absent (Sender falls back to From)
    }
    if (!slot) {
        slot = std::move(list);
    } else {
        slot->insert(slot->end(), list.begin(), list.end());
    }
}

}  // namespace

void PartHeaderCollector::add(const HeaderField& field)
{
    if (!field.has_colon) {
        return;  // a line without ':' is no field of any name
    }
    const std::string_view name = field.name;
    if (name.size() > 8 && iequals(name.substr(0, 8), "content-")) {
        const std::string_view rest = name.substr(8);
        if (iequals(rest, "type")) {
            if (!content_type_) {
                content_type_ = parse_content_type(unfold(field.value));  // NUL ends a token
            }
        } else if (iequals(rest, "transfer-encoding")) {
            keep_first_raw(encoding_raw_, field.value);
            last_encoding_raw_ = std::string(field.value);
        } else if (iequals(rest, "id")) {
            keep_first(id_, field.value);
        } else if (iequals(rest, "description")) {
            keep_first(description_, field.value);
        } else if (iequals(rest, "md5")) {
            keep_first(md5_, field.value);
        } else if (iequals(rest, "location")) {
            keep_first(location_, field.value);
        } else if (iequals(rest, "language")) {
            keep_first_raw(language_raw_, field.value);
        } else if (iequals(rest, "disposition")) {
            disposition_raw_ = std::string(field.value);  // the last one wins
        }
        return;
    }
    if (!message_root_) {
        return;
    }
    switch (ascii_lower(name.empty() ? '\0' : name[0])) {
        case 'b':
            if (iequals(name, "bcc")) {
                append_addresses(envelope_.bcc, field.value);
            }
            break;
        case 'c':
            if (iequals(name, "cc")) {
                append_addresses(envelope_.cc, field.value);
            }
            break;
        case 'd':
            if (iequals(name, "date")) {
                envelope_.date = replace_nuls(field.value);
            }
            break;
        case 'f':
            if (iequals(name, "from")) {
                append_addresses(envelope_.from, field.value);
            }
            break;
        case 'i':
            if (iequals(name, "in-reply-to")) {
                envelope_.in_reply_to = replace_nuls(field.value);
            }
            break;
        case 'm':
            if (iequals(name, "message-id")) {
                envelope_.message_id = replace_nuls(field.value);
            } else if (iequals(name, "mime-version")) {
                mime_version_ = true;
            }
            break;
        case 'r':
            if (iequals(name, "reply-to")) {
                append_addresses(envelope_.reply_to, field.value);
            }
            break;
        case 's':
            if (iequals(name, "subject")) {
                envelope_.subject = replace_nuls(field.value);
            } else if (iequals(name, "sender")) {
                append_addresses(envelope_.sender, field.value);
            }
            break;
        case 't':
            if (iequals(name, "to")) {
                append_addresses(envelope_.to, field.value);
            }
            break;
        default:
            break;
    }
}

void PartHeaderCollector::finish(MessagePart& part, bool digest_child)
{
    MimeHeader& mime = part.mime;
    if (content_type_) {
        mime.has_content_type = true;
        mime.type = std::move(content_type_->type);
        mime.subtype = std::move(content_type_->subtype);
        mime.params = std::move(content_type_->params);
    } else if (digest_child) {
        mime.type = "message";
        mime.subtype = "rfc822";
    } else {
        mime.type = "text";
        mime.subtype = "plain";
    }
    // In a message header the other Content-* fields count only when the header is MIME: it has
    // MIME-Version or a Content-Type. Body parts of a multipart are always MIME.
    const bool mime_fields = !message_root_ || mime_version_ || content_type_.has_value();
    if (mime_fields) {
        if (encoding_raw_) {
            mime.encoding = parse_transfer_encoding(unfold(*encoding_raw_));
        }
        if (id_) {
            mime.id = unfold(*id_);
        }
        if (description_) {
            mime.description = unfold(*description_);
        }
        if (md5_) {
            mime.md5 = unfold(*md5_);
        }
        if (location_) {
            mime.location = unfold(*location_);
        }
        if (language_raw_) {
            std::vector<std::string> langs = parse_content_language(unfold(*language_raw_));
            if (!langs.empty()) {
                mime.languages = std::move(langs);
            }
        }
        if (disposition_raw_) {
            ContentDisposition cd = parse_content_disposition(unfold(*disposition_raw_));
            mime.disposition = std::move(cd.type);
            mime.disposition_params = std::move(cd.params);
        }
    }
    if (last_encoding_raw_) {
        mime.body_encoding = clean_transfer_encoding(unfold(*last_encoding_raw_));
    }
    if (iequals(mime.type, "text")) {
        part.flags |= kPartText;
    }
    if (message_root_) {
        part.envelope = std::move(envelope_);
    }
}

}  // namespace roost::mail
