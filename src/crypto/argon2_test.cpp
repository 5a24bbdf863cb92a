// Argon2: strings made by Dovecot's `doveadm pw` verify, round trips with small costs, and
// malformed strings are errors rather than mismatches.
#include "crypto/argon2.hpp"

#include <gtest/gtest.h>

namespace roost::crypto {
namespace {

// doveadm pw -s ARGON2ID -p secret ; doveadm pw -s ARGON2I -p secret
const std::string kDoveadmArgon2id =
    "$argon2id$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$"
    "nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y";
const std::string kDoveadmArgon2i =
    "$argon2i$v=19$m=32768,t=4,p=1$K/J/5Fh45kcEzKfSVgX2yQ$"
    "SjIfVPaXsEvDhWDQrC2k5+32Qj1JZXHQ0Q1YLPFDkLw";

const Argon2Cost kFast{.time = 3, .memory_bytes = 1 << 20};

TEST(Argon2, VerifiesDoveadmStrings)
{
    auto r = argon2_verify(kDoveadmArgon2id, "secret");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(*r);
    r = argon2_verify(kDoveadmArgon2i, "secret");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(*r);
    r = argon2_verify(kDoveadmArgon2id, "Secret");
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(*r);
}

TEST(Argon2, ParsesFields)
{
    const auto p = argon2_parse(kDoveadmArgon2id);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->variant, Argon2Variant::Argon2id);
    EXPECT_EQ(p->version, 19U);
    EXPECT_EQ(p->memory_kib, 65536U);
    EXPECT_EQ(p->time, 3U);
    EXPECT_EQ(p->lanes, 1U);
    EXPECT_EQ(p->salt.size(), 16U);
    EXPECT_EQ(p->hash.size(), 32U);
}

TEST(Argon2, RoundTripBothVariants)
{
    for (auto variant : {Argon2Variant::Argon2i, Argon2Variant::Argon2id}) {
        const auto h = argon2_hash(variant, "pässwörd", kFast);
        ASSERT_TRUE(h.ok()) << h.error().message;
        const auto p = argon2_parse(*h);
        ASSERT_TRUE(p.ok());
        EXPECT_EQ(p->variant, variant);
        EXPECT_EQ(p->memory_kib, 1024U);
        EXPECT_EQ(p->time, 3U);
        EXPECT_TRUE(*argon2_verify(*h, "pässwörd"));
        EXPECT_FALSE(*argon2_verify(*h, "passwörd"));
        EXPECT_NE(*h, *argon2_hash(variant, "pässwörd", kFast));  // fresh salt each time
    }
}

TEST(Argon2, CostLimits)
{
    EXPECT_FALSE(argon2_hash(Argon2Variant::Argon2i, "x", {.time = 2, .memory_bytes = 1 << 20}).ok());
    EXPECT_TRUE(argon2_hash(Argon2Variant::Argon2id, "x", {.time = 1, .memory_bytes = 1 << 20}).ok());
    EXPECT_FALSE(argon2_hash(Argon2Variant::Argon2id, "x", {.time = 3, .memory_bytes = 100}).ok());
}

TEST(Argon2, MalformedStringsAreErrors)
{
    const std::string cases[] = {
        "",
        "$argon2id$",
        "$argon2d$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
        "$argon2id$v=16$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
        "$argon2id$v=19$m=65536,t=3$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
        "$argon2id$v=19$m=0,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
        "$argon2id$v=19$m=x,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
        "$argon2id$v=19$m=65536,t=3,p=1$dTX!NQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
        "$argon2id$v=19$m=65536,t=3,p=1$dTXH$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
        "$argon2id$v=19$m=65536,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$",
        "$argon2id$v=19$m=99999999999,t=3,p=1$dTXHNQGwyz4VAiABI6AO+g$nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
    };
    for (const auto& c : cases) {
        EXPECT_FALSE(argon2_verify(c, "secret").ok()) << c;
    }
    // More than one lane parses but libsodium cannot check it.
    EXPECT_TRUE(argon2_parse("$argon2id$v=19$m=65536,t=3,p=4$dTXHNQGwyz4VAiABI6AO+g$"
                             "nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y")
                    .ok());
    EXPECT_FALSE(argon2_verify("$argon2id$v=19$m=65536,t=3,p=4$dTXHNQGwyz4VAiABI6AO+g$"
                               "nDYmN9NG0G7d0THJohJUPsanoRyIQhv0SlQpqgSbB9Y",
                               "secret")
                     .ok());
}

}  // namespace
}  // namespace roost::crypto
