// Global TLS settings, shared by every listener and by outgoing connections.
#include "config/settings_tables.hpp"

namespace roost::config::tables {
namespace {
using enum ValueType;
using enum Support;

constexpr SettingDef kSsl[] = {
    {"ssl", Enum, "yes", "TLS: no (none at all), yes (offered), required (no authentication without it).", Yes, "no yes required"},
    {"ssl_cert", String, "", "Server certificate chain in PEM, usually as <file."},
    {"ssl_key", String, "", "Private key of ssl_cert in PEM, usually as <file.", Yes, {}, kSecret},
    {"ssl_key_password", String, "", "Password of an encrypted ssl_key.", Yes, {}, kSecret},
    {"ssl_alt_cert", String, "", "A second certificate (e.g. ECDSA beside RSA) offered to clients that support it."},
    {"ssl_alt_key", String, "", "Private key of ssl_alt_cert.", Yes, {}, kSecret},
    {"ssl_ca", String, "", "CA certificates (PEM, <file) that client certificates are verified against."},
    {"ssl_verify_client_cert", Bool, "no", "Ask clients for a certificate (needed for EXTERNAL)."},
    {"ssl_require_crl", Bool, "yes", "Refuse client certificates whose CA has no CRL in ssl_ca."},
    {"ssl_cert_username_field", String, "commonName", "Certificate field holding the user name for auth_ssl_username_from_cert."},
    {"ssl_dh", String, "", "Diffie-Hellman parameters (PEM, <file) for DHE ciphers; empty uses OpenSSL's built-in groups.", Yes, {}, kSecret},
    {"ssl_min_protocol", Enum, "TLSv1.2", "Oldest TLS version accepted.", Yes, "ANY SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3 LATEST"},
    {"ssl_cipher_list", String, "ALL:!kRSA:!SRP:!kDHd:!DSS:!aNULL:!eNULL:!EXPORT:!DES:!3DES:!MD5:!PSK:!RC4:!ADH:!LOW@STRENGTH", "OpenSSL cipher list for TLS 1.2 and older."},
    {"ssl_cipher_suites", String, "", "OpenSSL cipher suites for TLS 1.3; empty keeps OpenSSL's."},
    {"ssl_curve_list", String, "", "Key exchange groups, colon separated; empty keeps OpenSSL's."},
    {"ssl_prefer_server_ciphers", Bool, "no", "Choose the cipher by the server's order instead of the client's."},
    {"ssl_options", EnumList, "", "Extra TLS options: compression (allow TLS compression), no_ticket (no session tickets).", Yes, "compression no_compression no_ticket"},
    {"ssl_client_ca_dir", String, "", "Directory of CA certificates for verifying servers Roost connects to."},
    {"ssl_client_ca_file", String, "", "File of CA certificates for verifying servers Roost connects to."},
    {"ssl_client_require_valid_cert", Bool, "yes", "Refuse servers whose certificate does not verify."},
    {"ssl_client_cert", String, "", "Certificate Roost presents when it connects to other servers."},
    {"ssl_client_key", String, "", "Key of ssl_client_cert.", Yes, {}, kSecret},
    {"ssl_crypto_device", String, "", "OpenSSL engines (hardware crypto devices)", Missing},
    {"verbose_ssl", Bool, "no", "Log TLS handshake problems in detail."},
};

}  // namespace

std::span<const SettingDef> ssl() { return kSsl; }

}  // namespace roost::config::tables
