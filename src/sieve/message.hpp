// Message: the message a Sieve script looks at, parsed once by src/mail. Header fields are kept
// per MIME part; the top-level header can be edited (editheader, RFC 5293) and later tests see
// the edits. The bytes are borrowed: they must outlive the Message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mail/message_part.hpp"

namespace roost::sieve {

class Message {
public:
    struct Field {
        std::string name;   // as written; "" for a broken line without ':' (kept for editing)
        std::string value;  // raw, after ':' and leading blanks, folding kept, no final line end
        std::string raw;    // the whole field with its line end (generated for added fields)
    };

    explicit Message(std::string_view bytes);

    std::string_view bytes() const { return bytes_; }
    const mail::MessageStructure& structure() const { return structure_; }
    // The size the size test compares: the message's bytes as delivered (Pigeonhole compares
    // the same; RFC822.SIZE would count bare LFs twice).
    std::uint64_t size() const { return bytes_.size(); }

    // The header of the message after editheader changes.
    const std::vector<Field>& header() const { return parts_[0]; }
    // Raw values of the top-level fields named `name` (ASCII case-insensitive), in order.
    std::vector<std::string_view> values(std::string_view name) const;
    // The header fields of MIME part `part` as they were received (part 0 is edited).
    const std::vector<Field>& part_header(std::uint32_t part) const { return parts_[part]; }
    std::uint32_t part_count() const { return static_cast<std::uint32_t>(parts_.size()); }

    // The raw body of the whole message (after the empty line).
    std::string_view body() const;
    // The raw body bytes of one part.
    std::string_view part_body(std::uint32_t part) const;
    // The decoded text of one leaf part (transfer encoding removed, charset to UTF-8).
    std::string part_text(std::uint32_t part) const;

    // editheader: adds a field at the top (or bottom with last) of the header.
    void add_field(std::string_view name, std::string_view value, bool last);
    // editheader: removes the top-level field at `index` in header().
    void delete_field(std::size_t index);
    bool edited() const { return edited_; }
    // The message with the current header, shared until the next edit; null when unedited.
    std::shared_ptr<const std::string> snapshot();

private:
    std::string_view bytes_;
    mail::MessageStructure structure_;
    std::vector<std::vector<Field>> parts_;
    std::string line_end_ = "\r\n";
    bool edited_ = false;
    std::shared_ptr<const std::string> snapshot_;
};

// A header value as Sieve compares it: unfolded, RFC 2047 words decoded to UTF-8, leading and
// trailing whitespace removed (RFC 5228 section 2.7.2 and 5.7).
std::string decode_header_value(std::string_view raw_value);

// True for a valid field name (RFC 5322 ftext: printable US-ASCII except ':').
bool is_field_name(std::string_view name);

}  // namespace roost::sieve
