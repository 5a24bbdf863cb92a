// DIGEST-MD5 values: the user split, the secret, and its need for a user name.
#include "auth/schemes/digest_md5.hpp"

#include <gtest/gtest.h>

#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/hex.hpp"

namespace roost::auth {
namespace {

TEST(DigestMd5, SplitsAtTheLastAt)
{
    auto u = split_digest_md5_user("alice@example.com");
    EXPECT_EQ(u.name, "alice");
    EXPECT_EQ(u.realm, "example.com");
    u = split_digest_md5_user("a@b@c");
    EXPECT_EQ(u.name, "a@b");
    EXPECT_EQ(u.realm, "c");
    u = split_digest_md5_user("bob");
    EXPECT_EQ(u.name, "bob");
    EXPECT_EQ(u.realm, "");
}

TEST(DigestMd5, SecretMatchesDoveadm)
{
    // doveadm pw -s DIGEST-MD5 -u alice@example.com -p secret
    const auto s = digest_md5_secret({"alice", "example.com"}, "secret");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(crypto::hex_encode(*s), "b1726872c344b6dc8365b774f8fd6412");
    const auto h = hash_password("DIGEST-MD5", "secret", {.user = "alice@example.com"});
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{DIGEST-MD5}b1726872c344b6dc8365b774f8fd6412");
}

TEST(DigestMd5, NeedsTheUser)
{
    const auto h = hash_password("DIGEST-MD5", "secret");
    ASSERT_FALSE(h.ok());
    EXPECT_EQ(h.error().code, SchemeError::NeedsUser);
    const auto v = verify_password("secret", "{DIGEST-MD5}b1726872c344b6dc8365b774f8fd6412", "");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, SchemeError::NeedsUser);
    const auto other = verify_password("secret", "{DIGEST-MD5}b1726872c344b6dc8365b774f8fd6412",
                                       "", {.user = "alice@example.org"});
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(*other);
}

TEST(DigestMd5, SecretForStoredPasswords)
{
    auto s = digest_md5_secret_for("{DIGEST-MD5}b1726872c344b6dc8365b774f8fd6412", "",
                                   "alice@example.com");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(crypto::hex_encode(*s), "b1726872c344b6dc8365b774f8fd6412");
    s = digest_md5_secret_for("{PLAIN}secret", "", "alice@example.com");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(crypto::hex_encode(*s), "b1726872c344b6dc8365b774f8fd6412");
    s = digest_md5_secret_for("{SSHA}Cx39pERcKFcgdmql8ql51bZxy/2SX+34", "", "alice");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, SchemeError::Unavailable);
    EXPECT_FALSE(digest_md5_secret_for("{DIGEST-MD5}b17268", "", "alice").ok());
}

}  // namespace
}  // namespace roost::auth
