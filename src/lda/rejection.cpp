#include "lda/rejection.hpp"

#include "lda/incoming_message.hpp"
#include "lda/percent_format.hpp"
#include "sieve/mail_composer.hpp"

namespace roost::lda {

std::string expand_rejection_format(std::string_view format, std::string_view subject,
                                    std::string_view recipient, std::string_view reason)
{
    return expand_percent(format, [&](char letter) -> std::optional<std::string> {
        switch (letter) {
        case 's': return std::string(subject);
        case 't': return std::string(recipient);
        case 'r': return std::string(reason);
        case 'n': return std::string("\n");
        default: return std::nullopt;
        }
    });
}

std::string build_rejection(const RejectionInput& in)
{
    const std::string subject = header_value(in.original, "Subject");
    const std::string boundary = "roost-" + sieve::hash_hex(std::string(in.original) + std::to_string(in.now));
    sieve::MailComposer head;
    head.raw_field("Message-ID", "<" + sieve::hash_hex(boundary) + ".reject@" + in.hostname + ">");
    head.raw_field("Date", sieve::rfc5322_date(in.now, in.zone_minutes));
    head.raw_field("From", in.from);
    head.raw_field("To", "<" + in.to + ">");
    head.text_field("Subject", expand_rejection_format(in.subject_format, subject, in.recipient, in.reason));
    head.raw_field("Auto-Submitted", "auto-replied (rejected)");
    head.raw_field("Precedence", "bulk");

    // The header of the original message only: the rejected body goes nowhere.
    std::string_view original = in.original;
    std::size_t header_end = original.find("\n\n");
    const std::size_t crlf_end = original.find("\r\n\r\n");
    if (crlf_end != std::string_view::npos && (header_end == std::string_view::npos || crlf_end < header_end)) {
        header_end = crlf_end + 2;
    } else if (header_end != std::string_view::npos) {
        header_end += 1;
    }
    const std::string_view original_header = header_end == std::string_view::npos ? original : original.substr(0, header_end);

    std::string entity = "Content-Type: multipart/report; report-type=disposition-notification;\r\n"
                         "\tboundary=\"" + boundary + "\"\r\n\r\n"
                         "This is a MIME-encapsulated message\r\n\r\n";
    entity += "--" + boundary + "\r\n";
    entity += "Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n"
              "Content-Transfer-Encoding: 8bit\r\n\r\n";
    entity += sieve::to_crlf(expand_rejection_format(in.reason_format, subject, in.recipient, in.reason));
    entity += "\r\n\r\n--" + boundary + "\r\n";
    entity += "Content-Type: message/disposition-notification\r\n\r\n";
    entity += "Reporting-UA: " + in.hostname + "; Roost LDA\r\n";
    entity += "Final-Recipient: rfc822; " + in.recipient + "\r\n";
    if (const std::string id = header_value(in.original, "Message-ID"); !id.empty()) {
        entity += "Original-Message-ID: " + id + "\r\n";
    }
    entity += "Disposition: automatic-action/MDN-sent-automatically; deleted\r\n\r\n";
    entity += "--" + boundary + "\r\n";
    entity += "Content-Type: text/rfc822-headers\r\n\r\n";
    entity += sieve::to_crlf(original_header);
    entity += "\r\n--" + boundary + "--\r\n";
    return head.finish_mime(entity);
}

}  // namespace roost::lda
