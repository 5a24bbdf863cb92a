// What one IMAP session did, for the imap_logout_format line Dovecot writes when a session
// ends ("Logged out in=70 out=527 deleted=0 expunged=0 trashed=0 hdr_count=0 ...").
#pragma once

#include <cstdint>
#include <string>

#include "mail/imap/section.hpp"

namespace roost::imap {

struct SessionCounts {
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t deleted = 0;   // messages this session's STOREs gave \Deleted
    std::uint64_t expunged = 0;  // messages this session expunged (EXPUNGE, CLOSE, MOVE)
    std::uint64_t trashed = 0;   // messages copied or moved into the \Trash folder
    std::uint64_t fetch_hdr_count = 0;  // messages whose header data was sent
    std::uint64_t fetch_hdr_bytes = 0;
    std::uint64_t fetch_body_count = 0;  // messages whose body data was sent
    std::uint64_t fetch_body_bytes = 0;

    // A FETCH sent `bytes` of message `uid`'s header (true) or body: a message counts once
    // however many items of the same kind one FETCH sends of it.
    void fetched(bool header, std::uint32_t uid, std::uint64_t bytes);

private:
    std::uint32_t last_hdr_uid_ = 0;
    std::uint32_t last_body_uid_ = 0;
};

// Whether a BODY[section] sends header data (HEADER, HEADER.FIELDS [NOT], MIME) or body data.
bool is_header_section(const mail::imap::SectionSpec& section);

// imap_logout_format expanded: %i / %{input}, %o / %{output}, %{deleted}, %{expunged},
// %{trashed}, %{fetch_hdr_count}, %{fetch_hdr_bytes}, %{fetch_body_count}, %{fetch_body_bytes}.
std::string logout_line(const std::string& format, const SessionCounts& counts);

}  // namespace roost::imap
