// Checking plaintext passwords against stored ones.
#include "auth/password_verifier.hpp"

#include <crypt.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cstring>
#include <optional>
#include <string>

#include "core/base64.hpp"
#include "core/strings.hpp"

namespace roost::auth {
namespace {

std::string digest(const EVP_MD* md, std::string_view data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::optional<std::string> from_hex(std::string_view hex)
{
    if (hex.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            c = ascii_lower(c);
            return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        };
        const int hi = nibble(hex[i]);
        const int lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

bool equal(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

PasswordCheck check(bool matched) { return matched ? PasswordCheck::Match : PasswordCheck::Mismatch; }

// A digest stored in base64 (default), or hex with the .HEX suffix or when it has hex length.
std::optional<std::string> decode_digest(std::string_view value, bool hex, std::size_t digest_len)
{
    if (hex || value.size() == digest_len * 2) {
        if (auto h = from_hex(value)) {
            return h;
        }
    }
    return base64_decode(value);
}

PasswordCheck digest_scheme(const EVP_MD* md, bool salted, std::string_view password, std::string_view value, bool hex)
{
    const auto raw = decode_digest(value, hex, static_cast<std::size_t>(EVP_MD_get_size(md)));
    const auto len = static_cast<std::size_t>(EVP_MD_get_size(md));
    if (!raw || raw->size() < len || (!salted && raw->size() != len)) {
        return PasswordCheck::Unusable;
    }
    const std::string_view hash = std::string_view(*raw).substr(0, len);
    const std::string_view salt = std::string_view(*raw).substr(len);
    return check(equal(digest(md, std::string(password) + std::string(salt)), hash));
}

PasswordCheck crypt_scheme(std::string_view password, std::string_view value)
{
    crypt_data data{};
    const char* out = crypt_r(std::string(password).c_str(), std::string(value).c_str(), &data);
    if (out == nullptr || out[0] == '*') {
        return PasswordCheck::Unusable;
    }
    return check(equal(out, value));
}

PasswordCheck scram_scheme(const EVP_MD* md, std::string_view password, std::string_view value)
{
    const auto parts = split(value, ',');
    if (parts.size() != 4) {
        return PasswordCheck::Unusable;
    }
    const unsigned long iterations = std::strtoul(std::string(parts[0]).c_str(), nullptr, 10);
    const auto salt = base64_decode(parts[1]);
    const auto stored = base64_decode(parts[2]);
    if (iterations == 0 || !salt || !stored) {
        return PasswordCheck::Unusable;
    }
    unsigned char salted[EVP_MAX_MD_SIZE];
    const int len = EVP_MD_get_size(md);
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), reinterpret_cast<const unsigned char*>(salt->data()),
                      static_cast<int>(salt->size()), static_cast<int>(iterations), md, len, salted);
    unsigned char client_key[EVP_MAX_MD_SIZE];
    unsigned client_len = 0;
    HMAC(md, salted, len, reinterpret_cast<const unsigned char*>("Client Key"), 10, client_key, &client_len);
    return check(equal(digest(md, std::string_view(reinterpret_cast<char*>(client_key), client_len)), *stored));
}

}  // namespace

PasswordCheck verify_stored_password(std::string_view password, std::string_view stored,
                                     std::string_view default_scheme, std::string_view user)
{
    (void)user;  // only DIGEST-MD5 would need it
    std::string scheme = to_upper(default_scheme);
    std::string_view value = stored;
    if (!stored.empty() && stored.front() == '{') {
        const std::size_t close = stored.find('}');
        if (close == std::string_view::npos) {
            return PasswordCheck::Unusable;
        }
        scheme = to_upper(stored.substr(1, close - 1));
        value = stored.substr(close + 1);
    }
    if (value.empty()) {
        return PasswordCheck::Mismatch;
    }
    bool hex = false;
    if (const std::size_t dot = scheme.rfind('.'); dot != std::string::npos) {
        const std::string encoding = scheme.substr(dot + 1);
        hex = encoding == "HEX";
        scheme.resize(dot);
    }
    if (scheme == "PLAIN" || scheme == "CLEAR" || scheme == "CLEARTEXT") {
        return check(equal(password, value));
    }
    if (scheme == "PLAIN-TRUNC") {
        const std::size_t dash = value.find('-');
        const std::string_view plain = dash == std::string_view::npos ? value : value.substr(dash + 1);
        return check(password.substr(0, plain.size()) == plain);
    }
    if (scheme == "CRYPT" || scheme == "MD5-CRYPT" || scheme == "SHA256-CRYPT" || scheme == "SHA512-CRYPT" ||
        scheme == "BLF-CRYPT" || scheme == "DES-CRYPT") {
        return crypt_scheme(password, value);
    }
    if (scheme == "ARGON2I" || scheme == "ARGON2ID") {
        if (sodium_init() < 0) {
            return PasswordCheck::Unusable;
        }
        const std::string hash(value);
        return check(crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0);
    }
    if (scheme == "SHA" || scheme == "SHA1") {
        return digest_scheme(EVP_sha1(), false, password, value, hex);
    }
    if (scheme == "SHA256") {
        return digest_scheme(EVP_sha256(), false, password, value, hex);
    }
    if (scheme == "SHA512") {
        return digest_scheme(EVP_sha512(), false, password, value, hex);
    }
    if (scheme == "MD5" || scheme == "PLAIN-MD5" || scheme == "LDAP-MD5") {
        if (value.substr(0, 3) == "$1$") {
            return crypt_scheme(password, value);  // Dovecot's MD5 is MD5-CRYPT
        }
        return digest_scheme(EVP_md5(), false, password, value, hex || scheme == "PLAIN-MD5");
    }
    if (scheme == "SSHA") {
        return digest_scheme(EVP_sha1(), true, password, value, hex);
    }
    if (scheme == "SSHA256") {
        return digest_scheme(EVP_sha256(), true, password, value, hex);
    }
    if (scheme == "SSHA512") {
        return digest_scheme(EVP_sha512(), true, password, value, hex);
    }
    if (scheme == "SMD5") {
        return digest_scheme(EVP_md5(), true, password, value, hex);
    }
    if (scheme == "SCRAM-SHA-1") {
        return scram_scheme(EVP_sha1(), password, value);
    }
    if (scheme == "SCRAM-SHA-256") {
        return scram_scheme(EVP_sha256(), password, value);
    }
    return PasswordCheck::Unusable;
}

}  // namespace roost::auth
