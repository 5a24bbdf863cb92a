// The Received: header the submission service puts on top of each message (RFC 5321 section
// 4.4, "with ESMTPSA" from RFC 3848), naming the client, Roost and the authenticated user. Pure.
#pragma once

#include <cstdint>
#include <string>

namespace roost::submission {

struct ReceivedInfo {
    std::string helo;       // the client's EHLO/HELO domain
    std::string client_ip;
    std::string hostname;   // ours
    bool esmtp = true;      // EHLO (else HELO)
    bool tls = false;
    std::string session;    // the session id, "" for none
    std::string user;       // the authenticated user
    std::string recipient;  // named in "for <...>" only when the message has one recipient
    std::int64_t time = 0;  // unix time
    int zone_minutes = 0;   // the local offset from UTC
};

// The header with LF line ends (folded lines start with a tab), ending in LF.
std::string received_header(const ReceivedInfo& info);

}  // namespace roost::submission
