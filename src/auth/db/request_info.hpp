// What the auth service knows about a request when it asks a passdb or userdb: who is asking,
// for which service, from where. Drivers use it for %variables and for allow_nets.
#pragma once

#include <cstdint>
#include <string>

namespace roost::auth {

struct RequestInfo {
    std::string user;          // as the client gave it, after auth_username_format
    std::string service;       // imap, pop3, smtp, lda ...
    std::string mechanism;     // PLAIN, CRAM-MD5 ...
    std::string local_ip;
    std::string remote_ip;
    unsigned local_port = 0;
    unsigned remote_port = 0;
    bool secured = false;
    bool valid_client_cert = false;
    std::string cert_username;
    std::string session;
    std::uint32_t client_pid = 0;  // the login process asking (CPID); APOP checks its challenge
};

}  // namespace roost::auth
