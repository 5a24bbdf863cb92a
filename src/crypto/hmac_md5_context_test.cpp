// HmacMd5Context: RFC 2195's CRAM-MD5 example, agreement with plain HMAC-MD5, and the stored
// form Dovecot writes (fixture from `doveadm pw -s CRAM-MD5 -p secret`).
#include "crypto/hmac_md5_context.hpp"

#include <gtest/gtest.h>

#include "crypto/hmac.hpp"
#include "crypto/test_support.hpp"

namespace roost::crypto {
namespace {

using test::hex;
using test::unhex;

TEST(HmacMd5Context, Rfc2195Example)
{
    const auto ctx = HmacMd5Context::from_key("tanstaaftanstaaf");
    EXPECT_EQ(hex_encode(ctx.mac("<1896.697170952@postoffice.reston.mci.net>")),
              "b913a602c7eda7a495b4e6e7334d3890");
}

TEST(HmacMd5Context, MatchesHmacForShortEmptyAndLongKeys)
{
    const std::string long_key(100, 'k');
    for (const std::string& key : {std::string("secret"), std::string(), long_key,
                                   std::string(64, 'x')}) {
        for (const std::string& msg : {std::string(), std::string("challenge"),
                                       std::string(200, 'm')}) {
            const auto ctx = HmacMd5Context::from_key(key);
            EXPECT_EQ(hex_encode(ctx.mac(msg)), hex(hmac(DigestAlgorithm::Md5, key, msg)))
                << key.size() << "/" << msg.size();
        }
    }
}

TEST(HmacMd5Context, SerialisesAsDovecotStoresIt)
{
    // doveadm pw -s CRAM-MD5 -p secret
    const std::string stored = "cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56";
    EXPECT_EQ(hex_encode(HmacMd5Context::from_key("secret").serialize()), stored);
}

TEST(HmacMd5Context, ParsedContextAnswersChallenges)
{
    const auto parsed = HmacMd5Context::parse(
        unhex("cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56"));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(hex_encode(parsed->mac("<1.2@host>")),
              hex(hmac(DigestAlgorithm::Md5, "secret", "<1.2@host>")));
    EXPECT_EQ(parsed->serialize(), HmacMd5Context::from_key("secret").serialize());
}

TEST(HmacMd5Context, ParseRejectsWrongSizes)
{
    EXPECT_FALSE(HmacMd5Context::parse(Bytes(31)).ok());
    EXPECT_FALSE(HmacMd5Context::parse(Bytes(33)).ok());
    EXPECT_FALSE(HmacMd5Context::parse(ByteView{}).ok());
}

}  // namespace
}  // namespace roost::crypto
