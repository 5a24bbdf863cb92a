#include "submission/worker/received_header.hpp"

#include "sieve/mail_composer.hpp"

namespace roost::submission {
namespace {

// A header value may not carry line breaks or other control characters from the client.
std::string clean(const std::string& text)
{
    std::string out;
    for (char c : text) {
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    }
    return out;
}

}  // namespace

std::string received_header(const ReceivedInfo& info)
{
    // RFC 3848: ESMTP + S (TLS) + A (authenticated).
    const std::string with = std::string(info.esmtp ? "ESMTP" : "SMTP") + (info.tls ? "S" : "") + "A";
    std::string out = "Received: from " + clean(info.helo);
    if (!info.client_ip.empty()) {
        out += " ([" + clean(info.client_ip) + "])";
    }
    out += "\n\tby " + clean(info.hostname) + " (Roost) with " + with;
    if (!info.session.empty()) {
        out += " id " + clean(info.session);
    }
    out += "\n\t(Authenticated sender: " + clean(info.user) + ")";
    if (!info.recipient.empty()) {
        out += "\n\tfor <" + clean(info.recipient) + ">";
    }
    out += "; " + sieve::rfc5322_date(info.time, info.zone_minutes) + "\n";
    return out;
}

}  // namespace roost::submission
