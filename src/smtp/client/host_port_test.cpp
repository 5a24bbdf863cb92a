// parse_host_port: the forms submission_host takes, and the mistakes it reports.
#include "smtp/client/host_port.hpp"

#include <gtest/gtest.h>

namespace roost::smtp::client {
namespace {

HostPort parsed(std::string_view text)
{
    auto r = parse_host_port(text, 25);
    EXPECT_TRUE(r) << text;
    return r ? *r : HostPort{};
}

TEST(HostPort, NameWithAndWithoutPort)
{
    EXPECT_EQ(parsed("mx.example.org").host, "mx.example.org");
    EXPECT_EQ(parsed("mx.example.org").port, 25u);
    EXPECT_EQ(parsed("mx.example.org:587").host, "mx.example.org");
    EXPECT_EQ(parsed("mx.example.org:587").port, 587u);
    EXPECT_EQ(parsed("127.0.0.1:10025").host, "127.0.0.1");
    EXPECT_EQ(parsed("127.0.0.1:10025").port, 10025u);
    EXPECT_EQ(parse_host_port("localhost", 587)->port, 587u);
}

TEST(HostPort, Ipv6InBracketsOrBare)
{
    EXPECT_EQ(parsed("[::1]:2525").host, "::1");
    EXPECT_EQ(parsed("[::1]:2525").port, 2525u);
    EXPECT_EQ(parsed("[2001:db8::5]").host, "2001:db8::5");
    EXPECT_EQ(parsed("[2001:db8::5]").port, 25u);
    // Two or more colons without brackets: all address, as Dovecot reads it.
    EXPECT_EQ(parsed("2001:db8::5").host, "2001:db8::5");
    EXPECT_EQ(parsed("2001:db8::5").port, 25u);
}

TEST(HostPort, MistakesAreErrorsNamingTheText)
{
    for (const char* text : {"", ":25", "[]:25", "[::1", "[::1]25", "host:", "host:0", "host:65536",
                             "host:2x5", "host:123456", "[::1]:"}) {
        auto r = parse_host_port(text, 25);
        EXPECT_FALSE(r) << text;
        if (!r) {
            EXPECT_NE(r.error().message.find(std::string("\"") + text + "\""), std::string::npos)
                << r.error().message;
        }
    }
    EXPECT_EQ(parsed("host:65535").port, 65535u);
}

}  // namespace
}  // namespace roost::smtp::client
