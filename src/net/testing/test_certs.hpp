// Test support: throw-away certificates and keys made in memory with OpenSSL, for tests that
// run real TLS handshakes. Header-only.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <string>

namespace roost::net::testing {

struct Pem {
    std::string cert;
    std::string key;
};

inline std::string to_pem(int (*write)(BIO*, void*), void* object)
{
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio, object);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return out;
}

// A P-256 key and a certificate for `cn`, signed by `issuer` (self-signed when null).
inline Pem make_cert(const std::string& cn, const Pem* issuer = nullptr, const char* key_password = nullptr)
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    EVP_PKEY* signer = key;
    if (issuer != nullptr) {
        BIO* kb = BIO_new_mem_buf(issuer->key.data(), static_cast<int>(issuer->key.size()));
        signer = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
        BIO_free(kb);
        BIO* cb = BIO_new_mem_buf(issuer->cert.data(), static_cast<int>(issuer->cert.size()));
        X509* issuer_cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
        BIO_free(cb);
        X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert));
        X509_free(issuer_cert);
    } else {
        X509_set_issuer_name(cert, name);
        // Self-signed certificates double as the test CA.
        X509_EXTENSION* ca = X509V3_EXT_conf_nid(nullptr, nullptr, NID_basic_constraints, "critical,CA:TRUE");
        X509_add_ext(cert, ca, -1);
        X509_EXTENSION_free(ca);
    }
    X509_sign(cert, signer, EVP_sha256());
    Pem out;
    out.cert = to_pem([](BIO* b, void* x) { return PEM_write_bio_X509(b, static_cast<X509*>(x)); }, cert);
    BIO* bio = BIO_new(BIO_s_mem());
    if (key_password != nullptr) {
        PEM_write_bio_PrivateKey(bio, key, EVP_aes_256_cbc(), nullptr, 0, nullptr, const_cast<char*>(key_password));
    } else {
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    out.key.assign(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    if (signer != key) {
        EVP_PKEY_free(signer);
    }
    EVP_PKEY_free(key);
    X509_free(cert);
    return out;
}

}  // namespace roost::net::testing
