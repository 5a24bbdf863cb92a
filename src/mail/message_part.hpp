// MessageStructure: the parsed part tree of one message (offsets, sizes, line counts, MIME header
// data, envelopes), flat in preorder so it is cheap to keep, copy and serialise.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roost::mail {

// Sizes of a header or body. Virtual sizes count every LF not preceded by CR as two bytes: the
// size of the same bytes on the IMAP wire, where line ends are always CRLF.
struct PartSize {
    std::uint64_t physical = 0;
    std::uint64_t virtual_size = 0;
    std::uint64_t lines = 0;  // number of LF bytes

    bool operator==(const PartSize&) const = default;
};

// One "attribute=value" of a Content-Type or Content-Disposition, as written (RFC 2231
// continuations joined; see content_type.hpp).
struct MimeParam {
    std::string name;
    std::string value;

    bool operator==(const MimeParam&) const = default;
};

// The Content-* fields of one part header, as the IMAP BODYSTRUCTURE shows them.
struct MimeHeader {
    bool has_content_type = false;
    std::string type;     // as written; empty when absent or unparsable
    std::string subtype;  // as written
    std::vector<MimeParam> params;
    std::optional<std::string> id;
    std::optional<std::string> description;
    std::optional<std::string> encoding;  // Content-Transfer-Encoding as written
    // The encoding the body is decoded with: the last Content-Transfer-Encoding field's token,
    // lowercased, looked at even where BODYSTRUCTURE ignores the field (non-MIME headers), as
    // Dovecot's decoder does; "" when the field holds no clean token; nullopt when absent.
    std::optional<std::string> body_encoding;
    std::optional<std::string> md5;
    std::optional<std::string> location;
    std::optional<std::string> disposition;
    std::vector<MimeParam> disposition_params;
    std::optional<std::vector<std::string>> languages;

    // The first parameter with this name (ASCII case-insensitive), or nullptr.
    const std::string* param(std::string_view name) const;
    bool operator==(const MimeHeader&) const = default;
};

// One element of an ENVELOPE address list. A group start has only mailbox (the group name) set,
// a group end has nothing set (RFC 3501 section 7.4.2).
struct Address {
    std::optional<std::string> name;
    std::optional<std::string> route;
    std::optional<std::string> mailbox;
    std::optional<std::string> domain;

    bool is_group_start() const { return mailbox && !domain; }
    bool is_group_end() const { return !name && !route && !mailbox && !domain; }
    bool operator==(const Address&) const = default;
};

using AddressList = std::vector<Address>;

// The envelope fields of a message header, unprocessed for strings (raw values, folding kept) and
// parsed for addresses. An absent field is nullopt.
struct Envelope {
    std::optional<std::string> date;
    std::optional<std::string> subject;
    std::optional<AddressList> from;
    std::optional<AddressList> sender;
    std::optional<AddressList> reply_to;
    std::optional<AddressList> to;
    std::optional<AddressList> cc;
    std::optional<AddressList> bcc;
    std::optional<std::string> in_reply_to;
    std::optional<std::string> message_id;

    bool operator==(const Envelope&) const = default;
};

enum PartFlag : std::uint32_t {
    kPartMultipart = 1u << 0,    // a multipart/*: children are the body parts
    kPartMessage = 1u << 1,      // a message/rfc822: one child, the enclosed message
    kPartText = 1u << 2,         // a text/* part (BODYSTRUCTURE reports its lines)
    kPartHasNuls = 1u << 3,      // the body contains NUL bytes
    kPartMessageRoot = 1u << 4,  // the header is a message header (root or enclosed message)
    kPartHeaderNoEnd = 1u << 5,  // the header was not ended by an empty line
};

inline constexpr std::uint32_t kNoPart = 0xffffffffu;

struct MessagePart {
    std::uint32_t parent = kNoPart;
    std::uint32_t subtree = 1;   // parts in this subtree, itself included
    std::uint32_t children = 0;  // direct children
    std::uint32_t depth = 0;
    std::uint32_t flags = 0;
    std::uint64_t offset = 0;  // physical offset of the header's first byte
    PartSize header;           // the header, its terminating empty line included
    PartSize body;
    MimeHeader mime;
    std::optional<Envelope> envelope;  // set on parts with kPartMessageRoot

    bool is(PartFlag f) const { return (flags & f) != 0; }
    std::uint64_t body_offset() const { return offset + header.physical; }
    std::uint64_t end_offset() const { return body_offset() + body.physical; }
    bool operator==(const MessagePart&) const = default;
};

class MessageStructure {
public:
    std::vector<MessagePart> parts;  // preorder: parts[0] is the message itself

    const MessagePart& root() const { return parts.front(); }
    // RFC822.SIZE: the message's size on the IMAP wire.
    std::uint64_t virtual_size() const
    {
        return root().header.virtual_size + root().body.virtual_size;
    }
    std::uint32_t first_child(std::uint32_t index) const
    {
        return parts[index].children > 0 ? index + 1 : kNoPart;
    }
    std::uint32_t next_sibling(std::uint32_t index) const;
    std::vector<std::uint32_t> child_indexes(std::uint32_t index) const;

    // The part an IMAP section number path (e.g. {1, 2} for "1.2") names, following RFC 3501
    // section 6.4.5: a non-multipart message has part 1 itself, and the parts of an enclosed
    // message are numbered under its message/rfc822 part. nullopt when there is no such part.
    std::optional<std::uint32_t> find_section(std::span<const std::uint32_t> path) const;

    bool operator==(const MessageStructure&) const = default;
};

}  // namespace roost::mail
