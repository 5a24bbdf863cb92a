// Digest and salted-digest schemes: value sizes, salts, and what doveadm refuses too.
#include <gtest/gtest.h>

#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/base64.hpp"
#include "crypto/digest.hpp"

namespace roost::auth {
namespace {

std::size_t decoded_size(const std::string& stored)
{
    const auto raw = resolve_password(stored, "");
    EXPECT_TRUE(raw.ok()) << stored;
    return raw ? raw->raw.size() : 0;
}

TEST(DigestSchemes, SaltedValuesHoldDigestPlusSalt)
{
    for (const auto& [scheme, size] : {std::pair{"SSHA", 20U}, std::pair{"SSHA256", 32U},
                                       std::pair{"SSHA512", 64U}, std::pair{"SMD5", 16U}}) {
        const auto h = hash_password(scheme, "secret");
        ASSERT_TRUE(h.ok());
        EXPECT_GT(decoded_size(*h), size) << *h;
    }
}

TEST(DigestSchemes, SaltedValueNeedsAtLeastOneSaltByte)
{
    // An unsalted SHA-1 is too short for SSHA (doveadm: "SSHA password is too short").
    const auto r = verify_password("secret", "{SSHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, SchemeError::Malformed);
    EXPECT_FALSE(verify_password("secret", "{SMD5}", "").ok());
}

TEST(DigestSchemes, AnySaltLengthVerifies)
{
    // Built here from the definition: SSHA = base64(SHA1(pw + salt) + salt).
    for (std::string salt : {"s", "four", "a much longer salt than anyone uses"}) {
        auto d = crypto::digest(crypto::DigestAlgorithm::Sha1, "secret" + salt);
        ASSERT_TRUE(d.ok());
        d->insert(d->end(), salt.begin(), salt.end());
        const std::string stored = "{SSHA}" + crypto::base64_encode(*d);
        EXPECT_TRUE(*verify_password("secret", stored, "")) << stored;
        EXPECT_FALSE(*verify_password("secreT", stored, "")) << stored;
    }
}

TEST(DigestSchemes, FixedSizeValuesOfTheWrongSizeAreMalformed)
{
    for (const char* stored : {"{SHA}AAAA", "{SHA256}5en6G6MezRroT3XKqkdPOmY/BfQ=",
                               "{PLAIN-MD5}5ebe2294ecd0e0f08eab7690d2a6ee", "{LDAP-MD5}",
                               "{SHA512}vSsar3708Jvp9Szi2NWZZ02Bqp1qRCFpbcTZPdBhnWgs5WtNZKnv"}) {
        const auto r = verify_password("secret", stored, "");
        ASSERT_FALSE(r.ok()) << stored;
        EXPECT_EQ(r.error().code, SchemeError::Malformed) << stored;
    }
}

TEST(DigestSchemes, DefaultEncodings)
{
    auto h = hash_password("PLAIN-MD5", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{PLAIN-MD5}5ebe2294ecd0e0f08eab7690d2a6ee69");
    h = hash_password("LDAP-MD5", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{LDAP-MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==");
    h = hash_password("SHA1", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{SHA1}5en6G6MezRroT3XKqkdPOmY/BfQ=");
}

}  // namespace
}  // namespace roost::auth
