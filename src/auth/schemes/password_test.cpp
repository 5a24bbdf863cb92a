// hash_password / verify_password: doveadm-made fixtures, encoding suffixes and Dovecot's
// hex-or-base64 guessing, default schemes, and clean errors for unusable values.
#include "auth/schemes/password.hpp"

#include <gtest/gtest.h>

#include "auth/schemes/scheme_error.hpp"
#include "auth/schemes/test_fixtures.hpp"

namespace roost::auth {
namespace {

using test::kDoveadmFixtures;

// true / false for a verdict, "error" when the value was unusable.
std::string verdict(std::string_view password, std::string_view stored,
                    std::string_view default_scheme = "", std::string_view user = "")
{
    const auto r = verify_password(password, stored, default_scheme, {.user = user});
    return r ? (*r ? "match" : "mismatch") : "error";
}

SchemeError error_of(std::string_view password, std::string_view stored,
                     std::string_view default_scheme = "")
{
    const auto r = verify_password(password, stored, default_scheme);
    return r ? SchemeError::Ok : static_cast<SchemeError>(r.error().code.value());
}

TEST(Password, DoveadmFixturesVerify)
{
    for (const auto& f : kDoveadmFixtures) {
        EXPECT_EQ(verdict(f.password, f.stored, "", f.user), "match") << f.stored;
    }
}

TEST(Password, DoveadmFixturesRejectWrongPasswords)
{
    for (const auto& f : kDoveadmFixtures) {
        // The first character, as DES-CRYPT reads only eight.
        std::string wrong(f.password);
        wrong.front() = wrong.front() == 'x' ? 'y' : 'x';
        EXPECT_EQ(verdict(wrong, f.stored, "", f.user), "mismatch") << f.stored;
        EXPECT_EQ(verdict("", f.stored, "", f.user), "mismatch") << f.stored;
    }
}

TEST(Password, SchemeNamesAreCaseInsensitive)
{
    EXPECT_EQ(verdict("secret", "{plain-md5}5ebe2294ecd0e0f08eab7690d2a6ee69"), "match");
    EXPECT_EQ(verdict("secret", "{Sha}5en6G6MezRroT3XKqkdPOmY/BfQ="), "match");
    EXPECT_EQ(verdict("secret", "{sha.b64}5en6G6MezRroT3XKqkdPOmY/BfQ="), "match");
}

TEST(Password, HexSchemesAlsoAcceptBase64AndUpperCase)
{
    // doveadm pw -t accepts both of these.
    EXPECT_EQ(verdict("secret", "{PLAIN-MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ=="), "match");
    EXPECT_EQ(verdict("secret", "{PLAIN-MD5}5EBE2294ECD0E0F08EAB7690D2A6EE69"), "match");
    EXPECT_EQ(verdict("secret", "{CRAM-MD5}zTun3qrW5cojRIukLjeXR6ng9/H7wAyKgbuqw5VzG1Y="),
              "match");
}

TEST(Password, Base64DigestSchemesAlsoAcceptHexOfTheRightSize)
{
    EXPECT_EQ(verdict("secret", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"), "match");
    EXPECT_EQ(verdict("secret", "{LDAP-MD5}5ebe2294ecd0e0f08eab7690d2a6ee69"), "match");
    EXPECT_EQ(
        verdict("secret",
                "{SHA256}2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"),
        "match");
    // Variable-size salted values are always base64 unless the suffix says otherwise.
    EXPECT_EQ(verdict("secret", "{SSHA}b7c868075ad6988d0016d220370daae0d57ec30ef942cd58"),
              "mismatch");
    EXPECT_EQ(verdict("secret", "{SSHA.HEX}b7c868075ad6988d0016d220370daae0d57ec30ef942cd58"),
              "match");
}

TEST(Password, ExplicitSuffixesAllowNoGuessing)
{
    EXPECT_EQ(error_of("secret", "{SHA.HEX}5en6G6MezRroT3XKqkdPOmY/BfQ="), SchemeError::Malformed);
    EXPECT_EQ(error_of("secret", "{SHA.B64}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"),
              SchemeError::Malformed);
    EXPECT_EQ(verdict("secret", "{PLAIN.HEX}736563726574"), "match");
    EXPECT_EQ(verdict("secret", "{PLAIN.BASE64}c2VjcmV0"), "match");
}

TEST(Password, Base64ToleratesWhiteSpaceButNotGarbage)
{
    EXPECT_EQ(verdict("secret", "{SHA} 5en6G6MezRroT3XKqkdPOmY/BfQ="), "match");
    EXPECT_EQ(verdict("secret", "{LDAP-MD5}Xr4il OzQ4PCOq3aQ0qbuaQ=="), "match");
    EXPECT_EQ(error_of("secret", "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ"), SchemeError::Malformed);
    EXPECT_EQ(error_of("secret", "{LDAP-MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==x"), SchemeError::Malformed);
    EXPECT_EQ(error_of("secret", "{LDAP-MD5}Xr4i!lOzQ4PCOq3aQ0qbuaQ=="), SchemeError::Malformed);
    EXPECT_EQ(error_of("secret", "{SHA}"), SchemeError::Malformed);
}

TEST(Password, DefaultSchemeAppliesToBareValues)
{
    EXPECT_EQ(verdict("secret", "secret", "PLAIN"), "match");
    EXPECT_EQ(verdict("secret", "5ebe2294ecd0e0f08eab7690d2a6ee69", "plain-md5"), "match");
    EXPECT_EQ(verdict("secret", "c2VjcmV0", "PLAIN.B64"), "match");
    EXPECT_EQ(verdict("secret", "$1$ihIeGQO0$dRiXhfoaAPWlHEiK.gXSb0", "CRYPT"), "match");
    // A prefix wins over the default.
    EXPECT_EQ(verdict("secret", "{PLAIN}secret", "SHA512-CRYPT"), "match");
    // Braces that are not a prefix belong to the value.
    EXPECT_EQ(verdict("{secret", "{secret", "PLAIN"), "match");
    EXPECT_EQ(verdict("{}x", "{}x", "PLAIN"), "match");
}

TEST(Password, UnknownSchemesAndMissingDefaults)
{
    EXPECT_EQ(error_of("x", "{FOO}bar"), SchemeError::UnknownScheme);
    EXPECT_EQ(error_of("x", "bar"), SchemeError::UnknownScheme);
    EXPECT_EQ(error_of("x", "bar", "NOPE"), SchemeError::UnknownScheme);
    EXPECT_EQ(error_of("x", "{OTP}sha1 1024 5542fbf24ea06249 239856e3a583477a"),
              SchemeError::UnknownScheme);
}

TEST(Password, ErrorMessagesNeverHoldPasswordsOrValues)
{
    const std::string stored = "{SSHA}c2VjcmV0LXZhbHVl";  // too short for a salt
    const auto r = verify_password("hunter2", stored, "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos);
    EXPECT_EQ(r.error().message.find("c2VjcmV0"), std::string::npos);
    EXPECT_NE(r.error().message.find("SSHA"), std::string::npos);
}

TEST(Password, HashPrefixRepeatsTheSpecInUpperCase)
{
    auto h = hash_password("sha256.b64", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{SHA256.B64}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=");
    h = hash_password("clear", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{CLEAR}secret");
    h = hash_password("SHA512.HEX", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{SHA512.HEX}bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d68"
                  "2ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2");
    EXPECT_FALSE(hash_password("NOPE", "x").ok());
    EXPECT_FALSE(hash_password("", "x").ok());
}

TEST(Password, EncodingSuffixesRoundTripOnEveryKindOfScheme)
{
    for (std::string_view spec : {"SHA.HEX", "SSHA512.HEX", "PLAIN.B64", "MD5-CRYPT.HEX",
                                  "SCRAM-SHA-1.B64", "CRAM-MD5.BASE64", "PBKDF2.HEX"}) {
        const auto h = hash_password(spec, "pw");
        ASSERT_TRUE(h.ok()) << spec;
        EXPECT_EQ(verdict("pw", *h), "match") << *h;
        EXPECT_EQ(verdict("pW", *h), "mismatch") << *h;
    }
}

TEST(Password, PlainTrunc)
{
    const auto h = hash_password("PLAIN-TRUNC", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{PLAIN-TRUNC}6-secret");
    EXPECT_EQ(verdict("secret", "{PLAIN-TRUNC}3-sec"), "match");   // typed in full, stored cut
    EXPECT_EQ(verdict("sec", "{PLAIN-TRUNC}3-sec"), "match");
    EXPECT_EQ(verdict("se", "{PLAIN-TRUNC}3-sec"), "mismatch");
    EXPECT_EQ(verdict("secretX", "{PLAIN-TRUNC}6-secret"), "match");
    EXPECT_EQ(verdict("secret", "{PLAIN-TRUNC}10-secret"), "match");
    EXPECT_EQ(verdict("secre", "{PLAIN-TRUNC}10-secret"), "mismatch");
    EXPECT_EQ(error_of("secret", "{PLAIN-TRUNC}secret"), SchemeError::Malformed);
    EXPECT_EQ(error_of("secret", "{PLAIN-TRUNC}x-secret"), SchemeError::Malformed);
    EXPECT_EQ(error_of("secret", "{PLAIN-TRUNC}2-secret"), SchemeError::Malformed);
    EXPECT_EQ(error_of("secret", "{PLAIN-TRUNC}99999999999999999999999-x"),
              SchemeError::Malformed);
}

TEST(Password, StoredPlaintext)
{
    auto p = stored_plaintext("{CLEAR}secret", "");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, "secret");
    p = stored_plaintext("c2VjcmV0", "PLAIN.B64");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, "secret");
    p = stored_plaintext("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, SchemeError::Unavailable);
    EXPECT_FALSE(stored_plaintext("{PLAIN-TRUNC}3-sec", "").ok());
    EXPECT_FALSE(stored_plaintext("{NOPE}x", "").ok());
}

TEST(Password, ResolveGivesSchemeAndRawBytes)
{
    const auto r = resolve_password("{HMAC-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56", "");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->scheme->name(), "CRAM-MD5");
    EXPECT_EQ(r->raw.size(), 32U);
}

}  // namespace
}  // namespace roost::auth
