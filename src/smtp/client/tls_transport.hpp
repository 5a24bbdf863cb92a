// TLS over TcpTransport with OpenSSL: implicit (SMTPS, from the first byte) or after STARTTLS.
// Only the submission worker links this; roost-lda's plain SMTP does not.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "smtp/client/smtp_transport.hpp"
#include "smtp/client/tcp_transport.hpp"

namespace roost::smtp::client {

struct TlsClientSettings {
    bool implicit = false;  // SMTPS: TLS from the first byte; otherwise when STARTTLS asks
    bool verify = true;     // refuse a server whose certificate does not verify for the host
    std::string ca_pem;     // trusted CAs (PEM); with ca_dir empty too, the system's store
    std::string ca_dir;     // a hashed CA directory (c_rehash)
    std::string
        server_name;  // what the certificate must name: a host name (also sent as SNI) or an IP
};

// A connected transport that can start TLS, already in TLS when `tls.implicit`. Errors name
// the host and port and say what failed (connect, the handshake, the certificate).
Result<std::unique_ptr<SmtpTransport>> connect_tcp_tls(const TcpSettings& tcp,
                                                       const TlsClientSettings& tls);

}  // namespace roost::smtp::client
