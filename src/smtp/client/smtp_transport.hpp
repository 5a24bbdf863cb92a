// SmtpTransport: the byte stream under Roost's SMTP client. The real ones are TCP
// (tcp_transport.hpp) and TCP with TLS (tls_transport.hpp); tests give the client a scripted one.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::smtp::client {

class SmtpTransport {
public:
    virtual ~SmtpTransport() = default;
    // Errors when the peer is gone or the I/O timeout passed.
    virtual Result<void> write(std::string_view bytes) = 0;
    // At least one byte; an error at end of stream or after the timeout.
    virtual Result<std::string> read_some() = 0;
    // The TLS handshake on the open connection (after the server's 220 to STARTTLS); an error
    // from a transport that cannot do TLS.
    virtual Result<void> start_tls() = 0;
    virtual bool tls() const = 0;
};

}  // namespace roost::smtp::client
