// crypt(3) schemes: the forms and costs they generate, which stored forms each name accepts
// (as doveadm does), and the MD5 scheme's two meanings.
#include <gtest/gtest.h>

#include <regex>

#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"

namespace roost::auth {
namespace {

std::string hashed(std::string_view scheme, unsigned rounds = 0)
{
    const auto h = hash_password(scheme, "secret", {.rounds = rounds});
    EXPECT_TRUE(h.ok()) << scheme << ": " << (h ? "" : h.error().message);
    return h ? *h : "";
}

std::string verdict(std::string_view password, std::string_view stored)
{
    const auto r = verify_password(password, stored, "");
    return r ? (*r ? "match" : "mismatch") : "error";
}

TEST(CryptSchemes, GeneratedForms)
{
    EXPECT_TRUE(std::regex_match(hashed("SHA512-CRYPT"),
                                 std::regex(R"(\{SHA512-CRYPT\}\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86})")));
    EXPECT_TRUE(std::regex_match(hashed("SHA256-CRYPT"),
                                 std::regex(R"(\{SHA256-CRYPT\}\$5\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{43})")));
    EXPECT_TRUE(std::regex_match(hashed("BLF-CRYPT"),
                                 std::regex(R"(\{BLF-CRYPT\}\$2y\$05\$[./0-9A-Za-z]{53})")));
    EXPECT_TRUE(std::regex_match(hashed("CRYPT"), std::regex(R"(\{CRYPT\}\$2y\$05\$.{53})")));
    EXPECT_TRUE(std::regex_match(hashed("MD5-CRYPT"),
                                 std::regex(R"(\{MD5-CRYPT\}\$1\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{22})")));
    EXPECT_TRUE(std::regex_match(hashed("MD5"), std::regex(R"(\{MD5\}\$1\$.{8}\$.{22})")));
    EXPECT_TRUE(std::regex_match(hashed("DES-CRYPT"), std::regex(R"(\{DES-CRYPT\}[./0-9A-Za-z]{13})")));
}

TEST(CryptSchemes, Rounds)
{
    EXPECT_TRUE(hashed("SHA512-CRYPT", 6000).starts_with("{SHA512-CRYPT}$6$rounds=6000$"));
    EXPECT_TRUE(hashed("SHA256-CRYPT", 1000).starts_with("{SHA256-CRYPT}$5$rounds=1000$"));
    EXPECT_TRUE(hashed("SHA512-CRYPT", 5000).starts_with("{SHA512-CRYPT}$6$"));
    EXPECT_TRUE(hashed("BLF-CRYPT", 4).starts_with("{BLF-CRYPT}$2y$04$"));
    EXPECT_TRUE(hashed("CRYPT", 6).starts_with("{CRYPT}$2y$06$"));
    const std::pair<const char*, unsigned> bad[] = {
        {"SHA512-CRYPT", 999}, {"SHA256-CRYPT", 1000000000}, {"BLF-CRYPT", 3}, {"BLF-CRYPT", 32}};
    for (const auto& [scheme, rounds] : bad) {
        const auto h = hash_password(scheme, "secret", {.rounds = rounds});
        ASSERT_FALSE(h.ok()) << scheme << " " << rounds;
        EXPECT_EQ(h.error().code, SchemeError::BadRounds);
    }
}

TEST(CryptSchemes, GenericNamesVerifyAnyCryptString)
{
    // As doveadm: {SHA512-CRYPT} and {CRYPT} hand any crypt(3) string to crypt(3).
    EXPECT_EQ(verdict("secret", "{SHA512-CRYPT}$5$08y6D.pmN8pTw/CC$O5Pk9rHzrTrMq2UMj4OqNrADNIiD1cmNW6KKZ1yaxl7"), "match");
    EXPECT_EQ(verdict("secret", "{SHA512-CRYPT}$1$UlbNoC6F$BDx6sugG7TGeMaB8U6gmG1"), "match");
    EXPECT_EQ(verdict("secret", "{CRYPT}$6$6zH7hbIP1Z/1UgAZ$QZfKYdINASgQAfvSRbFh1jRHLZCw.gAN3BQQkIvFD0iccbv1Kb35KTQyrDTpfdxK5UTYll0s5TfbgU0tgMoxI0"), "match");
    EXPECT_EQ(verdict("secret", "{CRYPT}abNANd1rDfiNc"), "match");  // traditional DES
    EXPECT_EQ(verdict("secret", "{CRYPT}_J9..rasmz0.F/jqjWck"), "match");  // BSDi extended DES
}

TEST(CryptSchemes, SpecificNamesInsistOnTheirForm)
{
    EXPECT_EQ(verdict("secret", "{BLF-CRYPT}$6$abc$IdWKNKTJEb8LxY7CGg8YBXlvtfZzFw7Mp/r6niK9YB2mdvgY..TKjv1T..8RadRt2qvUHYRLr/TsVArtr91iR1"), "error");
    EXPECT_EQ(verdict("secret", "{MD5-CRYPT}$6$abc$IdWKNKTJEb8LxY7CGg8YBXlvtfZzFw7Mp/r6niK9YB2mdvgY..TKjv1T..8RadRt2qvUHYRLr/TsVArtr91iR1"), "error");
    EXPECT_EQ(verdict("secret", "{MD5-CRYPT}UlbNoC6F$BDx6sugG7TGeMaB8U6gmG1"), "error");
}

TEST(CryptSchemes, SettingsCryptRefusesAreErrorsNotMatches)
{
    EXPECT_EQ(verdict("secret", "{SHA256-CRYPT}"), "error");
    EXPECT_EQ(verdict("secret", "{SHA512-CRYPT}*0"), "error");
    EXPECT_EQ(verdict("secret", "{SHA512-CRYPT}$9$nope"), "error");
    // A plausible DES salt with a wrong hash is simply a mismatch (doveadm agrees).
    EXPECT_EQ(verdict("secret", "{SHA256-CRYPT}garbage"), "mismatch");
}

TEST(CryptSchemes, NulBytesInThePasswordNeverMatch)
{
    using namespace std::string_view_literals;
    const std::string h = hashed("SHA512-CRYPT");
    EXPECT_EQ(verdict("secret\0tail"sv, h), "mismatch");
    EXPECT_FALSE(hash_password("SHA512-CRYPT", "a\0b"sv).ok());
}

TEST(CryptSchemes, Md5IsCryptOrAPlainDigest)
{
    EXPECT_EQ(verdict("secret", "{MD5}$1$UlbNoC6F$BDx6sugG7TGeMaB8U6gmG1"), "match");
    EXPECT_EQ(verdict("secret", "{MD5}5ebe2294ecd0e0f08eab7690d2a6ee69"), "match");  // doveadm too
    EXPECT_EQ(verdict("secret", "{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ=="), "match");
    EXPECT_EQ(verdict("Secret", "{MD5}5ebe2294ecd0e0f08eab7690d2a6ee69"), "mismatch");
    EXPECT_EQ(verdict("secret", "{MD5}5ebe2294"), "error");
}

}  // namespace
}  // namespace roost::auth
