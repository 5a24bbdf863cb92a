#include "net/inherited_listeners.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace roost::net {
namespace {

TEST(InheritedListeners, RoundTripAndCloseOnExec)
{
    const int fd = ::open("/dev/null", O_RDONLY);
    ASSERT_GE(fd, 3);
    const std::vector<InheritedListener> in{{fd, "unix", "/var/spool/postfix/private/auth", false}, {fd, "inet", "imaps", true}};
    const std::string text = format_listeners(in);
    EXPECT_EQ(text, std::to_string(fd) + ":unix:/var/spool/postfix/private/auth;" + std::to_string(fd) + ":inet:imaps:ssl");
    auto out = parse_listeners(text);
    ASSERT_TRUE(out.ok()) << out.error().message;
    ASSERT_EQ(out->size(), 2u);
    EXPECT_EQ((*out)[0].name, "/var/spool/postfix/private/auth");
    EXPECT_TRUE((*out)[1].ssl);
    EXPECT_NE(::fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
    ::close(fd);
}

TEST(InheritedListeners, BadTextAndClosedDescriptorsAreErrors)
{
    EXPECT_TRUE(parse_listeners("")->empty());
    EXPECT_FALSE(parse_listeners("garbage").ok());
    EXPECT_FALSE(parse_listeners("3:tcp:x").ok());
    EXPECT_FALSE(parse_listeners("999:unix:x").ok());
}

}  // namespace
}  // namespace roost::net
