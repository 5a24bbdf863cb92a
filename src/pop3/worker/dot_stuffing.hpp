// The message as POP3 sends it (RFC 1939 section 3): CRLF line ends, lines starting with "."
// doubled, for TOP only the header and `body_lines` lines of the body, and the terminating ".".
// The client workarounds: outlook-no-nuls (NUL bytes become 0x80) and oe-ns-eoh (a message
// without an end-of-header line gets one). Pure, so it is unit-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roost::pop3 {

std::string dot_stuffed(std::string_view data, std::optional<std::uint64_t> body_lines, bool no_nuls, bool add_eoh);

}  // namespace roost::pop3
