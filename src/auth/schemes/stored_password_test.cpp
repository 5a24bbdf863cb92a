// Parsing "{SCHEME.ENC}value" and scheme specs with encoding suffixes.
#include "auth/schemes/stored_password.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

TEST(SchemeSpec, SuffixesInAnyCase)
{
    auto s = parse_scheme_spec("sha256.b64");
    EXPECT_EQ(s.name, "SHA256");
    EXPECT_EQ(s.encoding, PasswordEncoding::Base64);
    s = parse_scheme_spec("SSHA512.HEX");
    EXPECT_EQ(s.name, "SSHA512");
    EXPECT_EQ(s.encoding, PasswordEncoding::Hex);
    s = parse_scheme_spec("PLAIN.Base64");
    EXPECT_EQ(s.name, "PLAIN");
    EXPECT_EQ(s.encoding, PasswordEncoding::Base64);
}

TEST(SchemeSpec, NoOrUnknownSuffix)
{
    auto s = parse_scheme_spec("SHA512-CRYPT");
    EXPECT_EQ(s.name, "SHA512-CRYPT");
    EXPECT_FALSE(s.encoding.has_value());
    s = parse_scheme_spec("FOO.BAR");
    EXPECT_EQ(s.name, "FOO.BAR");
    EXPECT_FALSE(s.encoding.has_value());
    s = parse_scheme_spec(".HEX");
    EXPECT_EQ(s.name, "");
    s = parse_scheme_spec("");
    EXPECT_EQ(s.name, "");
}

TEST(StoredPassword, Prefixed)
{
    const auto p = split_stored_password("{SHA512-CRYPT}$6$abc$def", "PLAIN");
    EXPECT_TRUE(p.prefixed);
    EXPECT_EQ(p.scheme.name, "SHA512-CRYPT");
    EXPECT_EQ(p.value, "$6$abc$def");
}

TEST(StoredPassword, PrefixWithSuffixAndEmptyValue)
{
    const auto p = split_stored_password("{ssha.hex}", "");
    EXPECT_TRUE(p.prefixed);
    EXPECT_EQ(p.scheme.name, "SSHA");
    EXPECT_EQ(p.scheme.encoding, PasswordEncoding::Hex);
    EXPECT_EQ(p.value, "");
}

TEST(StoredPassword, BareValuesTakeTheDefault)
{
    auto p = split_stored_password("$1$salt$hash", "crypt");
    EXPECT_FALSE(p.prefixed);
    EXPECT_EQ(p.scheme.name, "CRYPT");
    EXPECT_EQ(p.value, "$1$salt$hash");
    p = split_stored_password("{unclosed", "PLAIN");
    EXPECT_EQ(p.scheme.name, "PLAIN");
    EXPECT_EQ(p.value, "{unclosed");
    p = split_stored_password("{}x", "PLAIN.HEX");
    EXPECT_EQ(p.scheme.name, "PLAIN");
    EXPECT_EQ(p.scheme.encoding, PasswordEncoding::Hex);
    EXPECT_EQ(p.value, "{}x");
    p = split_stored_password("x", "");
    EXPECT_EQ(p.scheme.name, "");
}

}  // namespace
}  // namespace roost::auth
