// MailComposer: builds the messages Sieve sends (vacation responses, mailto notifications):
// header fields encoded (RFC 2047) and folded, CRLF line ends, a text/plain UTF-8 body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace roost::sieve {

class MailComposer {
public:
    // Adds a field whose value is unstructured text: non-ASCII is encoded as RFC 2047 words.
    void text_field(std::string_view name, std::string_view value);
    // Adds a field whose value is already in wire form (addresses, message ids, dates).
    void raw_field(std::string_view name, std::string_view value);

    // The message with a text/plain UTF-8 body (MIME-Version and Content-* fields added).
    std::string finish_text(std::string_view body) const;
    // The message whose body part is a complete MIME entity (vacation :mime): its own header
    // fields follow MIME-Version.
    std::string finish_mime(std::string_view entity) const;

private:
    std::string header_;
};

// Converts any line ends to CRLF.
std::string to_crlf(std::string_view text);

// "Tue, 02 Jan 2024 10:00:00 +0100" of a moment in a zone.
std::string rfc5322_date(std::int64_t unix_time, int zone_minutes);

// A 64-bit FNV-1a hash as 16 hex digits: tracking keys and Message-ID local parts.
std::string hash_hex(std::string_view data);

}  // namespace roost::sieve
