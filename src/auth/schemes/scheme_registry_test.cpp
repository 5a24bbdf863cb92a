// The registry: every scheme `doveadm pw -l` lists that Roost implements, aliases, and lookups
// in any letter case.
#include "auth/schemes/scheme_registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace roost::auth {
namespace {

TEST(SchemeRegistry, HasDovecotsSchemes)
{
    // `doveadm pw -l` on Debian 12, minus OTP and PLAIN-MD4 (see doc/auth-schemes.md).
    const std::vector<std::string> doveadm = {
        "SHA1",       "SSHA512",      "SCRAM-SHA-256", "BLF-CRYPT",    "PLAIN",     "HMAC-MD5",
        "SHA512",     "SHA",          "DES-CRYPT",     "CRYPT",        "SSHA",      "MD5-CRYPT",
        "PLAIN-MD5",  "SCRAM-SHA-1",  "SHA512-CRYPT",  "CLEAR",        "CLEARTEXT", "ARGON2I",
        "ARGON2ID",   "SSHA256",      "MD5",           "PBKDF2",       "SHA256",    "CRAM-MD5",
        "PLAIN-TRUNC", "SHA256-CRYPT", "SMD5",         "DIGEST-MD5",   "LDAP-MD5"};
    const auto names = SchemeRegistry::builtin().names();
    for (const auto& n : doveadm) {
        EXPECT_NE(SchemeRegistry::builtin().find(n), nullptr) << n;
        EXPECT_TRUE(std::binary_search(names.begin(), names.end(), n)) << n;
    }
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    EXPECT_EQ(names.size(), doveadm.size());
}

TEST(SchemeRegistry, CaseInsensitiveAndAliases)
{
    const auto& r = SchemeRegistry::builtin();
    ASSERT_NE(r.find("sha512-crypt"), nullptr);
    EXPECT_EQ(r.find("sha512-crypt")->name(), "SHA512-CRYPT");
    EXPECT_EQ(r.find("clear"), r.find("PLAIN"));
    EXPECT_EQ(r.find("CLEARTEXT"), r.find("PLAIN"));
    EXPECT_EQ(r.find("SHA1"), r.find("SHA"));
    EXPECT_EQ(r.find("hmac-md5"), r.find("CRAM-MD5"));
    EXPECT_NE(r.find("LDAP-MD5"), r.find("PLAIN-MD5"));  // same digest, other encoding
    EXPECT_EQ(r.find("NOPE"), nullptr);
    EXPECT_EQ(r.find(""), nullptr);
    EXPECT_EQ(r.find("SHA.HEX"), nullptr);  // suffixes are parsed before lookup
}

TEST(SchemeRegistry, OwnRegistry)
{
    SchemeRegistry r;
    EXPECT_TRUE(r.names().empty());
    EXPECT_EQ(r.find("PLAIN"), nullptr);
}

}  // namespace
}  // namespace roost::auth
