// SmtpTransport: the byte stream under Roost's SMTP client, and the real one: TCP with
// optional TLS (implicit or after STARTTLS), blocking with timeouts, since each submission
// worker serves one client. Tests give the client a scripted transport instead.
#pragma once

#include <chrono>
#include <memory>
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
    // The TLS handshake on the open connection (after the server's 220 to STARTTLS).
    virtual Result<void> start_tls() = 0;
    virtual bool tls() const = 0;
};

struct TlsClientSettings {
    bool verify = true;       // refuse a server whose certificate does not verify for the host
    std::string ca_pem;       // trusted CAs (PEM); with ca_dir empty too, the system's store
    std::string ca_dir;       // a hashed CA directory (c_rehash)
    std::string server_name;  // what the certificate must name: a host name (also sent as SNI) or an IP
};

struct TcpSettings {
    std::string host;
    unsigned port = 25;
    bool implicit_tls = false;  // SMTPS: TLS from the first byte
    std::chrono::milliseconds connect_timeout{30000};
    std::chrono::milliseconds io_timeout{300000};
    TlsClientSettings tls;
};

// Resolves and connects (trying each address), with the TLS handshake when implicit_tls.
// Errors name the host and port and say what failed.
Result<std::unique_ptr<SmtpTransport>> connect_tcp(const TcpSettings& settings);

}  // namespace roost::smtp::client
