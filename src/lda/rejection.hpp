// The rejection a Sieve "reject" sends back (RFC 5429 section 2.2): a message disposition
// notification (RFC 8098, multipart/report) from postmaster_address to the envelope sender,
// with rejection_subject / rejection_reason as dovecot-lda words them and the original header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace roost::lda {

struct RejectionInput {
    std::string_view original;    // the rejected message
    std::string from;             // postmaster_address
    std::string to;               // the envelope sender the rejection goes to
    std::string recipient;        // the recipient that rejected it
    std::string reason;           // the script's reason
    std::string subject_format;   // rejection_subject: %s = the original subject
    std::string reason_format;    // rejection_reason: %t recipient, %r reason, %n newline
    std::string hostname;         // Reporting-UA and the Message-ID's domain
    std::int64_t now = 0;
    int zone_minutes = 0;
};

// The complete rejection message, CRLF line ends.
std::string build_rejection(const RejectionInput& in);

// Expands %s %t %r %n %% in a rejection format; unknown escapes stay as written.
std::string expand_rejection_format(std::string_view format, std::string_view subject,
                                    std::string_view recipient, std::string_view reason);

}  // namespace roost::lda
