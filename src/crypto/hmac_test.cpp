// Known-answer tests for HMAC (RFC 2202, RFC 4231) and PBKDF2 (RFC 6070, RFC 7914 section 11).
#include "crypto/hmac.hpp"

#include <gtest/gtest.h>

#include "crypto/test_support.hpp"

namespace roost::crypto {
namespace {

using test::hex;
using test::repeat;

const std::string kJefeData = "what do ya want for nothing?";
const std::string kLongKeyData = "Test Using Larger Than Block-Size Key - Hash Key First";

TEST(Hmac, Rfc2202Md5)
{
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Md5, repeat(0x0b, 16), as_bytes("Hi There"))),
              "9294727a3638bb1c13f48ef8158bfc9d");
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Md5, "Jefe", kJefeData)),
              "750c783e6ab0b503eaa86e310a5db738");
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Md5, repeat(0xaa, 80), as_bytes(kLongKeyData))),
              "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
}

TEST(Hmac, Rfc2202Sha1)
{
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Sha1, repeat(0x0b, 20), as_bytes("Hi There"))),
              "b617318655057264e28bc0b6fb378c8ef146be00");
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Sha1, "Jefe", kJefeData)),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Sha1, repeat(0xaa, 80), as_bytes(kLongKeyData))),
              "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(Hmac, Rfc4231Sha256AndSha512)
{
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Sha256, repeat(0x0b, 20), as_bytes("Hi There"))),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Sha256, "Jefe", kJefeData)),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Sha512, repeat(0x0b, 20), as_bytes("Hi There"))),
              "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
              "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    EXPECT_EQ(hex(hmac(DigestAlgorithm::Sha512, "Jefe", kJefeData)),
              "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
              "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

TEST(Hmac, EmptyKeyAndData)
{
    const auto r = hmac(DigestAlgorithm::Sha256, ByteView{}, ByteView{});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->size(), 32U);
    EXPECT_NE(hex(r), hex(hmac(DigestAlgorithm::Sha256, "k", "")));
}

TEST(Pbkdf2, Rfc6070Sha1)
{
    const auto salt = as_bytes("salt");
    EXPECT_EQ(hex(pbkdf2(DigestAlgorithm::Sha1, "password", salt, 1, 20)),
              "0c60c80f961f0e71f3a9b524af6012062fe037a6");
    EXPECT_EQ(hex(pbkdf2(DigestAlgorithm::Sha1, "password", salt, 2, 20)),
              "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    EXPECT_EQ(hex(pbkdf2(DigestAlgorithm::Sha1, "password", salt, 4096, 20)),
              "4b007901b765489abead49d926f721d065a429c1");
    EXPECT_EQ(hex(pbkdf2(DigestAlgorithm::Sha1, "passwordPASSWORDpassword",
                         as_bytes("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 25)),
              "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
    using namespace std::string_view_literals;
    EXPECT_EQ(hex(pbkdf2(DigestAlgorithm::Sha1, "pass\0word"sv, as_bytes("sa\0lt"sv), 4096, 16)),
              "56fa6aa75548099dcc37d7f03425e0c3");
}

TEST(Pbkdf2, Rfc7914Sha256)
{
    EXPECT_EQ(hex(pbkdf2(DigestAlgorithm::Sha256, "passwd", as_bytes("salt"), 1, 64)),
              "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
              "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
}

TEST(Pbkdf2, RejectsZeroIterationsAndLength)
{
    EXPECT_FALSE(pbkdf2(DigestAlgorithm::Sha1, "p", as_bytes("s"), 0, 20).ok());
    EXPECT_FALSE(pbkdf2(DigestAlgorithm::Sha1, "p", as_bytes("s"), 1, 0).ok());
}

}  // namespace
}  // namespace roost::crypto
