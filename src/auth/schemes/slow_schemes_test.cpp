// Schemes with a cost: ARGON2ID / ARGON2I, PBKDF2 and SCRAM-* - how rounds map to their
// parameters, and malformed values.
#include <gtest/gtest.h>

#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"

namespace roost::auth {
namespace {

std::string verdict(std::string_view password, std::string_view stored)
{
    const auto r = verify_password(password, stored, "");
    return r ? (*r ? "match" : "mismatch") : "error";
}

TEST(Argon2Schemes, DefaultsMatchDoveadm)
{
    auto h = hash_password("ARGON2ID", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->starts_with("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$")) << *h;
    h = hash_password("ARGON2I", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->starts_with("{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$")) << *h;
}

TEST(Argon2Schemes, RoundsSetTheTimeCost)
{
    const auto h = hash_password("ARGON2ID", "secret", {.rounds = 2});
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->starts_with("{ARGON2ID}$argon2id$v=19$m=65536,t=2,p=1$")) << *h;
    const auto bad = hash_password("ARGON2I", "secret", {.rounds = 2});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, SchemeError::BadRounds);
}

TEST(Argon2Schemes, EitherNameVerifiesEitherVariant)
{
    EXPECT_EQ(verdict("secret", "{ARGON2I}$argon2id$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y"), "match");
    EXPECT_EQ(verdict("secret", "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y"), "match");
    EXPECT_EQ(verdict("secret", "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d"), "mismatch");
    // 13 base64 digits cannot encode whole bytes.
    EXPECT_EQ(verdict("secret", "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0"), "error");
    EXPECT_EQ(verdict("secret", "{ARGON2ID}$argon2d$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y"), "error");
}

TEST(Pbkdf2Scheme, FormAndRounds)
{
    auto h = hash_password("PBKDF2", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->size(), std::string("{PBKDF2}$1$").size() + 16 + 1 + 4 + 1 + 40) << *h;
    EXPECT_NE(h->find("$5000$"), std::string::npos) << *h;
    h = hash_password("PBKDF2", "secret", {.rounds = 12});
    ASSERT_TRUE(h.ok());
    EXPECT_NE(h->find("$12$"), std::string::npos) << *h;
    EXPECT_EQ(verdict("secret", *h), "match");
}

TEST(Pbkdf2Scheme, MalformedValues)
{
    const char* const cases[] = {
        "{PBKDF2}$1$L1BdCkEBvBLJYbHe$5000$ddac632d7819b57062767510fd330aa5eda0cd",    // short hash
        "{PBKDF2}$1$L1BdCkEBvBLJYbHe$abc$ddac632d7819b57062767510fd330aa5eda0cd0e",   // rounds
        "{PBKDF2}$1$L1BdCkEBvBLJYbHe$0$ddac632d7819b57062767510fd330aa5eda0cd0e",
        "{PBKDF2}$1$L1BdCkEBvBLJYbHe$-1$ddac632d7819b57062767510fd330aa5eda0cd0e",
        "{PBKDF2}$1$L1BdCkEBvBLJYbHe$99999999999$ddac632d7819b57062767510fd330aa5eda0cd0e",
        "{PBKDF2}$2$L1BdCkEBvBLJYbHe$5000$ddac632d7819b57062767510fd330aa5eda0cd0e",  // version
        "{PBKDF2}$1$L1BdCkEBvBLJYbHe$5000$ddac632d7819b57062767510fd330aa5eda0cd0e$",
        "{PBKDF2}1$L1BdCkEBvBLJYbHe$5000$ddac632d7819b57062767510fd330aa5eda0cd0e",
        "{PBKDF2}$1$L1BdCkEBvBLJYbHe$5000$zzac632d7819b57062767510fd330aa5eda0cd0e",
    };
    for (const char* c : cases) {
        EXPECT_EQ(verdict("secret", c), "error") << c;
    }
    EXPECT_EQ(verdict("secret", "{PBKDF2}$1$L1BdCkEBvBLJYbHe$5000$ddac632d7819b57062767510fd330aa5eda0cd0e"), "match");
}

TEST(ScramSchemes, RoundsAreIterations)
{
    auto h = hash_password("SCRAM-SHA-256", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->starts_with("{SCRAM-SHA-256}4096,")) << *h;
    h = hash_password("SCRAM-SHA-1", "secret", {.rounds = 5000});
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->starts_with("{SCRAM-SHA-1}5000,")) << *h;
    EXPECT_EQ(verdict("secret", *h), "match");
    const auto low = hash_password("SCRAM-SHA-1", "secret", {.rounds = 100});
    ASSERT_FALSE(low.ok());
    EXPECT_EQ(low.error().code, SchemeError::BadRounds);
}

TEST(ScramSchemes, MalformedValues)
{
    const std::string good = "YaxyR9NBYXiJ2nktIN56fg==,KW6v7wAr+799uv+/Xws7VIwkiZo=,JrsKbZHZBve2g4ARBjA4ER9UVAU=";
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}4096," + good), "match");
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}0," + good), "error");
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}x," + good), "error");
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}," + good), "error");
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}4096,YaxyR9NBYXiJ2nktIN56fg==,KW6v7wAr+799uv+/Xws7VIwkiZo="), "error");
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}4096,YaxyR9NBYXiJ2nktIN56fg==,KW6v7wAr+799uv+/Xws7VIwkiZo=,garbage"), "error");
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}4096,,KW6v7wAr+799uv+/Xws7VIwkiZo=,JrsKbZHZBve2g4ARBjA4ER9UVAU="), "error");
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-256}4096," + good), "error");  // SHA-1 sized keys
    EXPECT_EQ(verdict("secret", "{SCRAM-SHA-1}4096," + good + ",extra"), "error");
}

}  // namespace
}  // namespace roost::auth
