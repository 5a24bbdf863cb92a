// ScramCredentials against RFC 5802 section 5 and RFC 7677 section 3: credentials derived from
// the examples' password must check the examples' client proofs and produce their server
// signatures - the work the SCRAM mechanism will do without the plaintext.
#include "auth/schemes/scram_credentials.hpp"

#include <gtest/gtest.h>

#include "auth/schemes/scheme_error.hpp"
#include "crypto/base64.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/hmac.hpp"

namespace roost::auth {
namespace {

using crypto::DigestAlgorithm;

struct Example {
    DigestAlgorithm algorithm;
    const char* salt_b64;
    const char* client_first_bare;
    const char* server_first;
    const char* client_final_without_proof;
    const char* proof_b64;
    const char* server_signature_b64;
};

const Example kRfc5802{DigestAlgorithm::Sha1, "QSXCR+Q6sek8bf92",
                       "n=user,r=fyko+d2lbbFgONRv9qkxdawL",
                       "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                       "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j",
                       "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", "rmF9pqV8S7suAoZWja4dJRkFsKQ="};

const Example kRfc7677{DigestAlgorithm::Sha256, "W22ZaJ0SNY7soEsUEjb6gQ==",
                       "n=user,r=rOprNGfwEbeRWgbNEkqO",
                       "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                       "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                       "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
                       "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                       "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="};

// The server's side of RFC 5802 section 3: recover ClientKey from the proof and check
// H(ClientKey) against StoredKey.
bool proof_ok(const ScramCredentials& c, const std::string& auth_message,
              const std::string& proof_b64)
{
    const auto proof = crypto::base64_decode(proof_b64);
    const auto signature = crypto::hmac(c.algorithm, c.stored_key, crypto::as_bytes(auth_message));
    if (!proof || !signature || proof->size() != signature->size()) {
        return false;
    }
    crypto::Bytes client_key(proof->size());
    for (std::size_t i = 0; i < client_key.size(); ++i) {
        client_key[i] = (*proof)[i] ^ (*signature)[i];
    }
    const auto stored = crypto::digest(c.algorithm, client_key);
    return stored && crypto::equal(*stored, c.stored_key);
}

void check_example(const Example& e)
{
    const auto salt = crypto::base64_decode(e.salt_b64);
    ASSERT_TRUE(salt.ok());
    const auto creds = ScramCredentials::derive(e.algorithm, "pencil", *salt, 4096);
    ASSERT_TRUE(creds.ok());
    const std::string auth_message = std::string(e.client_first_bare) + "," + e.server_first +
                                     "," + e.client_final_without_proof;
    EXPECT_TRUE(proof_ok(*creds, auth_message, e.proof_b64));
    EXPECT_FALSE(proof_ok(*creds, auth_message + "x", e.proof_b64));
    const auto server_sig =
        crypto::hmac(e.algorithm, creds->server_key, crypto::as_bytes(auth_message));
    ASSERT_TRUE(server_sig.ok());
    EXPECT_EQ(crypto::base64_encode(*server_sig), e.server_signature_b64);

    // The same through Dovecot's stored form.
    const auto parsed = ScramCredentials::parse(e.algorithm, creds->serialize());
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->iterations, 4096U);
    EXPECT_EQ(parsed->salt, *salt);
    EXPECT_TRUE(proof_ok(*parsed, auth_message, e.proof_b64));
    EXPECT_TRUE(*parsed->matches("pencil"));
    EXPECT_FALSE(*parsed->matches("pencil "));
}

TEST(ScramCredentials, Rfc5802Sha1Example)
{
    check_example(kRfc5802);
}

TEST(ScramCredentials, Rfc7677Sha256Example)
{
    check_example(kRfc7677);
}

TEST(ScramCredentials, ParsesDoveadmValues)
{
    // doveadm pw -s SCRAM-SHA-1 -p secret
    const auto c = ScramCredentials::parse(
        DigestAlgorithm::Sha1,
        "4096,YaxyR9NBYXiJ2nktIN56fg==,KW6v7wAr+799uv+/Xws7VIwkiZo=,JrsKbZHZBve2g4ARBjA4ER9UVAU=");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->salt.size(), 16U);
    EXPECT_EQ(c->stored_key.size(), 20U);
    EXPECT_EQ(c->server_key.size(), 20U);
    EXPECT_TRUE(*c->matches("secret"));
    EXPECT_EQ(c->serialize(),
              "4096,YaxyR9NBYXiJ2nktIN56fg==,KW6v7wAr+799uv+/Xws7VIwkiZo=,JrsKbZHZBve2g4ARBjA4ER9UVAU=");
}

TEST(ScramCredentials, ForStoredPasswords)
{
    // A SCRAM value is used as stored ...
    auto c = scram_credentials_for(
        "{SCRAM-SHA-1}4096,YaxyR9NBYXiJ2nktIN56fg==,KW6v7wAr+799uv+/Xws7VIwkiZo=,"
        "JrsKbZHZBve2g4ARBjA4ER9UVAU=",
        "", DigestAlgorithm::Sha1);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(crypto::base64_encode(c->stored_key), "KW6v7wAr+799uv+/Xws7VIwkiZo=");
    // ... cleartext is derived with a fresh salt ...
    c = scram_credentials_for("{PLAIN}secret", "", DigestAlgorithm::Sha256);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->iterations, 4096U);
    EXPECT_EQ(c->stored_key.size(), 32U);
    EXPECT_TRUE(*c->matches("secret"));
    c = scram_credentials_for("secret", "CLEAR", DigestAlgorithm::Sha1);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(*c->matches("secret"));
    // ... and one-way hashes or the other algorithm's values cannot serve.
    c = scram_credentials_for("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "", DigestAlgorithm::Sha1);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, SchemeError::Unavailable);
    c = scram_credentials_for(
        "{SCRAM-SHA-1}4096,YaxyR9NBYXiJ2nktIN56fg==,KW6v7wAr+799uv+/Xws7VIwkiZo=,"
        "JrsKbZHZBve2g4ARBjA4ER9UVAU=",
        "", DigestAlgorithm::Sha256);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, SchemeError::Unavailable);
    EXPECT_FALSE(scram_credentials_for("{SCRAM-SHA-256}1,2,3", "", DigestAlgorithm::Sha256).ok());
}

}  // namespace
}  // namespace roost::auth
