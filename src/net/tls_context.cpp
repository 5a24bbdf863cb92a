// Building the server's OpenSSL context from the ssl_* settings.
#include "net/tls_context.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <system_error>

namespace roost::net {
namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

// OpenSSL's reason for the last failure, with its error queue emptied.
std::string openssl_reason()
{
    std::string out;
    while (const unsigned long e = ERR_get_error()) {
        std::array<char, 256> buf{};
        ERR_error_string_n(e, buf.data(), buf.size());
        if (!out.empty()) {
            out += "; ";
        }
        out += buf.data();
    }
    return out.empty() ? "unknown error" : out;
}

Error tls_error(const std::string& setting, const std::string& what)
{
    return Error{std::make_error_code(std::errc::invalid_argument), setting + ": " + what};
}

BioPtr memory_bio(const std::string& pem)
{
    return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
}

int password_callback(char* buf, int size, int, void* user)
{
    const auto* password = static_cast<const std::string*>(user);
    const int n = std::min(size, static_cast<int>(password->size()));
    std::copy_n(password->data(), n, buf);
    return n;
}

// The leaf and its chain from `cert_pem`, the key from `key_pem`; checks they belong together.
Result<void> load_pair(SSL_CTX* ctx, const std::string& cert_pem, const std::string& key_pem,
                       const std::string& password, const std::string& cert_name, const std::string& key_name)
{
    BioPtr certs = memory_bio(cert_pem);
    X509* leaf = PEM_read_bio_X509_AUX(certs.get(), nullptr, nullptr, nullptr);
    if (leaf == nullptr) {
        return tls_error(cert_name, "no PEM certificate found: " + openssl_reason());
    }
    const int used = SSL_CTX_use_certificate(ctx, leaf);
    X509_free(leaf);
    if (used != 1) {
        return tls_error(cert_name, openssl_reason());
    }
    SSL_CTX_clear_chain_certs(ctx);
    while (X509* extra = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) {
        if (SSL_CTX_add0_chain_cert(ctx, extra) != 1) {
            X509_free(extra);
            return tls_error(cert_name, openssl_reason());
        }
    }
    ERR_clear_error();  // the loop ends on "no start line"

    BioPtr key_bio = memory_bio(key_pem);
    std::string pw = password;
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, password_callback, &pw);
    if (key == nullptr) {
        return tls_error(key_name, "cannot read the private key (wrong ssl_key_password?): " + openssl_reason());
    }
    const int key_used = SSL_CTX_use_PrivateKey(ctx, key);
    EVP_PKEY_free(key);
    if (key_used != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        return tls_error(key_name, "does not match " + cert_name + ": " + openssl_reason());
    }
    return {};
}

Result<int> protocol_version(const std::string& name)
{
    if (name == "ANY" || name == "SSLv3") {
        return 0;  // OpenSSL's lowest enabled
    }
    if (name == "TLSv1") {
        return TLS1_VERSION;
    }
    if (name == "TLSv1.1") {
        return TLS1_1_VERSION;
    }
    if (name == "TLSv1.2") {
        return TLS1_2_VERSION;
    }
    if (name == "TLSv1.3" || name == "LATEST") {
        return TLS1_3_VERSION;
    }
    return tls_error("ssl_min_protocol", "unknown protocol '" + name + "'");
}

Result<void> load_client_ca(SSL_CTX* ctx, const TlsSettings& s)
{
    if (s.ca_pem.empty()) {
        return tls_error("ssl_ca", "ssl_verify_client_cert = yes needs the CA certificates in ssl_ca");
    }
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
    BioPtr bio = memory_bio(s.ca_pem);
    STACK_OF(X509_INFO)* infos = PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr);
    if (infos == nullptr) {
        sk_X509_NAME_free(names);
        return tls_error("ssl_ca", openssl_reason());
    }
    int certs = 0;
    int crls = 0;
    for (int i = 0; i < sk_X509_INFO_num(infos); ++i) {
        const X509_INFO* info = sk_X509_INFO_value(infos, i);
        if (info->x509 != nullptr) {
            X509_STORE_add_cert(store, info->x509);
            sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(info->x509)));
            ++certs;
        }
        if (info->crl != nullptr) {
            X509_STORE_add_crl(store, info->crl);
            ++crls;
        }
    }
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    SSL_CTX_set_client_CA_list(ctx, names);  // takes ownership
    if (certs == 0) {
        return tls_error("ssl_ca", "no CA certificate found");
    }
    if (s.require_crl) {
        if (crls == 0) {
            return tls_error("ssl_ca", "ssl_require_crl = yes but ssl_ca holds no CRL");
        }
        X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    }
    // Ask for a certificate but let the handshake finish without one: the auth service decides
    // (EXTERNAL needs a valid one, other mechanisms do not).
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
    return {};
}

}  // namespace

TlsContext::TlsContext(bool verify_client_cert)
    : context_(asio::ssl::context::tls_server), verify_client_cert_(verify_client_cert)
{
}

Result<std::shared_ptr<TlsContext>> TlsContext::create(const TlsSettings& s)
{
    if (s.cert_pem.empty() || s.key_pem.empty()) {
        return tls_error(s.cert_pem.empty() ? "ssl_cert" : "ssl_key", "TLS is enabled but no certificate or key is set");
    }
    std::shared_ptr<TlsContext> tls(new TlsContext(s.verify_client_cert));
    SSL_CTX* ctx = tls->context_.native_handle();
    ERR_clear_error();

    const auto min = protocol_version(s.min_protocol);
    if (!min) {
        return min.error();
    }
    SSL_CTX_set_min_proto_version(ctx, *min);
    long options = SSL_OP_NO_RENEGOTIATION | SSL_OP_SINGLE_DH_USE | SSL_OP_SINGLE_ECDH_USE;
    options |= s.compression ? 0 : SSL_OP_NO_COMPRESSION;
    options |= s.tickets ? 0 : SSL_OP_NO_TICKET;
    options |= s.prefer_server_ciphers ? SSL_OP_CIPHER_SERVER_PREFERENCE : 0;
    SSL_CTX_set_options(ctx, static_cast<uint64_t>(options));
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);  // idle connections keep no 34 KB buffers

    if (!s.cipher_list.empty() && SSL_CTX_set_cipher_list(ctx, s.cipher_list.c_str()) != 1) {
        return tls_error("ssl_cipher_list", openssl_reason());
    }
    if (!s.cipher_suites.empty() && SSL_CTX_set_ciphersuites(ctx, s.cipher_suites.c_str()) != 1) {
        return tls_error("ssl_cipher_suites", openssl_reason());
    }
    if (!s.curve_list.empty() && SSL_CTX_set1_groups_list(ctx, s.curve_list.c_str()) != 1) {
        return tls_error("ssl_curve_list", openssl_reason());
    }
    if (!s.dh_pem.empty()) {
        BioPtr bio = memory_bio(s.dh_pem);
        EVP_PKEY* dh = PEM_read_bio_Parameters(bio.get(), nullptr);
        if (dh == nullptr || SSL_CTX_set0_tmp_dh_pkey(ctx, dh) != 1) {
            EVP_PKEY_free(dh);
            return tls_error("ssl_dh", "cannot use the DH parameters: " + openssl_reason());
        }
    } else {
        SSL_CTX_set_dh_auto(ctx, 1);
    }
    if (auto r = load_pair(ctx, s.cert_pem, s.key_pem, s.key_password, "ssl_cert", "ssl_key"); !r) {
        return r.error();
    }
    if (!s.alt_cert_pem.empty()) {
        if (auto r = load_pair(ctx, s.alt_cert_pem, s.alt_key_pem, s.key_password, "ssl_alt_cert", "ssl_alt_key"); !r) {
            return r.error();
        }
    }
    if (s.verify_client_cert) {
        if (auto r = load_client_ca(ctx, s); !r) {
            return r.error();
        }
    }
    // Sessions resume across the connections of one login process; the id context is required
    // once client certificates are requested.
    static constexpr unsigned char kSessionContext[] = "roost";
    SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1);
    return tls;
}

TlsPeer tls_peer(SSL* ssl, const std::string& username_field)
{
    TlsPeer peer;
    peer.protocol = SSL_get_version(ssl);
    if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl)) {
        peer.cipher = SSL_CIPHER_get_name(c);
    }
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr) {
        return peer;
    }
    peer.valid_client_cert = SSL_get_verify_result(ssl) == X509_V_OK;
    if (peer.valid_client_cert) {
        int nid = OBJ_txt2nid(username_field.c_str());
        if (nid == NID_undef) {
            nid = NID_commonName;
        }
        X509_NAME* subject = X509_get_subject_name(cert);
        const int index = X509_NAME_get_index_by_NID(subject, nid, -1);
        if (index >= 0) {
            const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
            unsigned char* utf8 = nullptr;
            const int len = ASN1_STRING_to_UTF8(&utf8, data);
            if (len >= 0) {
                peer.cert_user = std::string(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
                OPENSSL_free(utf8);
            }
        }
    }
    X509_free(cert);
    return peer;
}

}  // namespace roost::net
