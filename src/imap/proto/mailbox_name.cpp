// The wire form of mailbox names.
#include "imap/proto/mailbox_name.hpp"

#include "core/strings.hpp"
#include "imap/proto/proto_error.hpp"
#include "mail/utf8.hpp"

namespace roost::imap::proto {

Result<std::string> decode_mailbox_name(std::string_view wire, bool utf8)
{
    std::string name;
    if (utf8) {
        if (!mail::is_valid_utf8(wire)) {
            return proto_error(ImapProtoError::InvalidMailboxName,
                               "Mailbox name is not valid UTF-8");
        }
        name = std::string(wire);
    } else {
        auto decoded = mutf7_decode(wire);
        if (!decoded) {
            return proto_error(ImapProtoError::InvalidMailboxName,
                               "Mailbox name is not valid modified UTF-7");
        }
        name = std::move(*decoded);
    }
    // Checked after decoding: modified UTF-7 can spell NUL too.
    if (name.find_first_of(std::string_view("\0\r\n", 3)) != std::string::npos) {
        return bad_syntax("Mailbox name contains NUL, CR or LF");
    }
    if (iequals(name, "INBOX")) {
        name = "INBOX";
    }
    return name;
}

std::string decode_mailbox_pattern(std::string_view wire, bool utf8)
{
    if (utf8) {
        return std::string(wire);
    }
    auto decoded = mutf7_decode(wire);
    return decoded ? std::move(*decoded) : std::string(wire);
}

std::string encode_mailbox_name(std::string_view name, bool utf8)
{
    return utf8 ? std::string(name) : mutf7_encode(name);
}

}  // namespace roost::imap::proto
