// TlsContext: one server-side OpenSSL context built from Dovecot's ssl_* settings, shared by
// every TLS connection of a listener (implicit TLS and STARTTLS alike).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "net/asio.hpp"

#include <boost/asio/ssl.hpp>

namespace roost::net {

// The ssl_* settings with file values already read ("<path" replaced by the file's content),
// so this layer never touches the config or the disk. Secrets stay in memory only.
struct TlsSettings {
    std::string cert_pem;      // ssl_cert: the chain, leaf first
    std::string key_pem;       // ssl_key
    std::string key_password;  // ssl_key_password, for an encrypted key
    std::string alt_cert_pem;  // ssl_alt_cert (e.g. ECDSA beside RSA)
    std::string alt_key_pem;
    std::string ca_pem;        // ssl_ca: what client certificates are verified against
    std::string dh_pem;        // ssl_dh; empty keeps OpenSSL's built-in groups
    std::string min_protocol = "TLSv1.2";
    std::string cipher_list;    // TLS 1.2 and older; empty keeps OpenSSL's
    std::string cipher_suites;  // TLS 1.3; empty keeps OpenSSL's
    std::string curve_list;
    bool prefer_server_ciphers = false;
    bool verify_client_cert = false;  // ask for one (EXTERNAL); a missing one is not an error
    bool require_crl = true;          // with verify_client_cert: ssl_ca must carry CRLs
    bool compression = false;
    bool tickets = true;
};

class TlsContext {
public:
    // Builds the context. Errors name the setting at fault ("ssl_key: ..." with OpenSSL's
    // reason), never a secret's content.
    static Result<std::shared_ptr<TlsContext>> create(const TlsSettings& settings);

    asio::ssl::context& native() { return context_; }
    bool verifies_client_certs() const { return verify_client_cert_; }

private:
    explicit TlsContext(bool verify_client_cert);

    asio::ssl::context context_;
    bool verify_client_cert_;
};

// What the server learnt of a finished handshake, for logging and for the auth request.
struct TlsPeer {
    std::string protocol;  // "TLSv1.3"
    std::string cipher;    // "TLS_AES_256_GCM_SHA384"
    bool valid_client_cert = false;
    // The client certificate's subject field (ssl_cert_username_field, commonName by default)
    // when the certificate verified.
    std::optional<std::string> cert_user;
};

// Reads the peer of an established connection; `username_field` is an OpenSSL long or short
// name such as "commonName", "CN" or "emailAddress".
TlsPeer tls_peer(SSL* ssl, const std::string& username_field);

}  // namespace roost::net
