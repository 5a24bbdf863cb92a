#include "auth/proto/apop.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace roost::auth::proto {
namespace {

std::string raw(std::string_view hex_text)
{
    auto b = crypto::hex_decode(hex_text);
    return std::string(b->begin(), b->end());
}

TEST(Apop, DigestMatchesRfc1939Example)
{
    EXPECT_EQ(crypto::hex_encode(apop_digest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf")),
              "c4c9334bac560ecc979e58001b3e22fb");
}

TEST(Apop, ParsesChallengeUserAndRawDigest)
{
    const std::string digest = raw("c4c9334bac560ecc979e58001b3e22fb");
    const auto r = parse_apop_response(std::string("<1.2.3@h>\0mrose\0", 16) + digest);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->challenge, "<1.2.3@h>");
    EXPECT_EQ(r->user, "mrose");
    EXPECT_EQ(r->digest, digest);
}

TEST(Apop, RefusesMalformedResponses)
{
    const std::string digest(16, 'x');
    EXPECT_FALSE(parse_apop_response(""));
    EXPECT_FALSE(parse_apop_response("no nuls at all"));
    EXPECT_FALSE(parse_apop_response(std::string("<c>\0user", 8)));
    EXPECT_FALSE(parse_apop_response(std::string("<c>\0user\0", 9) + "short"));
    EXPECT_FALSE(parse_apop_response(std::string("<c>\0user\0", 9) + digest + "x"));
    EXPECT_FALSE(parse_apop_response(std::string("\0user\0", 6) + digest));
    EXPECT_FALSE(parse_apop_response(std::string("<c>\0\0", 5) + digest));
}

TEST(Apop, ChallengeIsCheckedAgainstItsProcessAndAge)
{
    const std::string c = make_apop_challenge(0x1f2e, 0x9a8b7c6d, 1700000000, "mail.example.com");
    EXPECT_EQ(c, "<1f2e.9a8b7c6d.6553f100@mail.example.com>");
    EXPECT_TRUE(apop_challenge_valid(c, 0x1f2e, 1700000000, 900));
    EXPECT_TRUE(apop_challenge_valid(c, 0x1f2e, 1700000900, 900));
    EXPECT_FALSE(apop_challenge_valid(c, 0x1f2e, 1700000901, 900));  // too old
    EXPECT_FALSE(apop_challenge_valid(c, 0x1f2e, 1699999999, 900));  // from the future
    EXPECT_FALSE(apop_challenge_valid(c, 0x1f2f, 1700000000, 900));  // another process's
}

TEST(Apop, ForeignChallengeShapesAreInvalid)
{
    for (const char* c : {"", "<>", "<1896.697170952@dbc.mtview.ca.us>", "1f2e.1.6553f100@h", "<1f2e.1.6553f100>",
                          "<1f2e..6553f100@h>", "<1f2e.1.6553f10g@h>", "<1f2e.1.6553f100@h@i>"}) {
        EXPECT_FALSE(apop_challenge_valid(c, 0x1f2e, 1700000000, 900)) << c;
    }
}

}  // namespace
}  // namespace roost::auth::proto
