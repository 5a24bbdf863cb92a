// PartHeaderCollector: gathers the header fields of one part that matter for its structure and
// IMAP views (Content-* fields, and the envelope fields of message headers) and interprets them.
#pragma once

#include <optional>
#include <string>

#include "mail/content_type.hpp"
#include "mail/header_field.hpp"
#include "mail/message_part.hpp"

namespace roost::mail {

class PartHeaderCollector {
public:
    // message_root: the header is a message header (the message itself or an enclosed
    // message/rfc822), so envelope fields are collected and MIME-Version matters.
    explicit PartHeaderCollector(bool message_root) : message_root_(message_root) {}

    void add(const HeaderField& field);

    // Writes mime, envelope and the type flags into part. In a multipart/digest the default type
    // is message/rfc822 (RFC 2046 section 5.1.5), elsewhere text/plain.
    void finish(MessagePart& part, bool digest_child);

private:
    bool message_root_;
    bool mime_version_ = false;
    std::optional<ContentType> content_type_;
    std::optional<std::string> encoding_raw_;
    std::optional<std::string> last_encoding_raw_;
    std::optional<std::string> id_;
    std::optional<std::string> description_;
    std::optional<std::string> md5_;
    std::optional<std::string> location_;
    std::optional<std::string> language_raw_;
    std::optional<std::string> disposition_raw_;
    Envelope envelope_;
};

}  // namespace roost::mail
