// CRAM-MD5 values and the context the CRAM-MD5 mechanism gets from stored passwords.
#include "auth/schemes/cram_md5.hpp"

#include <gtest/gtest.h>

#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "crypto/hex.hpp"
#include "crypto/hmac.hpp"

namespace roost::auth {
namespace {

const std::string kChallenge = "<1896.697170952@postoffice.reston.mci.net>";

std::string response(const crypto::HmacMd5Context& ctx)
{
    return crypto::hex_encode(ctx.mac(kChallenge));
}

std::string expected_response(std::string_view password)
{
    const auto mac = crypto::hmac(crypto::DigestAlgorithm::Md5, password, kChallenge);
    return mac ? crypto::hex_encode(*mac) : "";
}

TEST(CramMd5, HashMatchesDoveadm)
{
    const auto h = hash_password("CRAM-MD5", "secret");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, "{CRAM-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56");
}

TEST(CramMd5, ContextFromStoredValueAnswersChallenges)
{
    // RFC 2195's example password, stored as Roost and Dovecot write it.
    const auto stored = hash_password("HMAC-MD5", "tanstaaftanstaaf");
    ASSERT_TRUE(stored.ok());
    const auto ctx = cram_md5_context_for(*stored, "");
    ASSERT_TRUE(ctx.ok());
    EXPECT_EQ(response(*ctx), "b913a602c7eda7a495b4e6e7334d3890");
}

TEST(CramMd5, ContextFromDoveadmValueAndFromCleartext)
{
    auto ctx = cram_md5_context_for(
        "{CRAM-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56", "");
    ASSERT_TRUE(ctx.ok());
    EXPECT_EQ(response(*ctx), expected_response("secret"));
    ctx = cram_md5_context_for("secret", "PLAIN");
    ASSERT_TRUE(ctx.ok());
    EXPECT_EQ(response(*ctx), expected_response("secret"));
    ctx = cram_md5_context_for("{CRAM-MD5.B64}zTun3qrW5cojRIukLjeXR6ng9/H7wAyKgbuqw5VzG1Y=", "");
    ASSERT_TRUE(ctx.ok());
    EXPECT_EQ(response(*ctx), expected_response("secret"));
}

TEST(CramMd5, OneWayHashesCannotServe)
{
    const auto ctx = cram_md5_context_for("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "");
    ASSERT_FALSE(ctx.ok());
    EXPECT_EQ(ctx.error().code, SchemeError::Unavailable);
    EXPECT_FALSE(cram_md5_context_for("{CRAM-MD5}cd3ba7de", "").ok());
    EXPECT_FALSE(cram_md5_context_for("{NOPE}x", "").ok());
}

}  // namespace
}  // namespace roost::auth
