#include "net/fd_passing.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace roost::net {
namespace {

TEST(FdPassing, DescriptorAndPayloadArriveTogether)
{
    int pair[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    UniqueFd a(pair[0]), b(pair[1]);
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);

    ASSERT_TRUE(send_fd(a.get(), read_end.get(), "user=alice").ok());
    read_end.reset();  // the receiver's copy must keep the pipe open
    auto got = receive_fd(b.get());
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(got->payload, "user=alice");
    ASSERT_TRUE(got->fd.valid());
    EXPECT_NE(::fcntl(got->fd.get(), F_GETFD) & FD_CLOEXEC, 0);
    ASSERT_EQ(::write(write_end.get(), "x", 1), 1);
    char c = 0;
    ASSERT_EQ(::read(got->fd.get(), &c, 1), 1);
    EXPECT_EQ(c, 'x');
}

TEST(FdPassing, EndOfStreamAndEmptyPayload)
{
    int pair[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    UniqueFd a(pair[0]), b(pair[1]);
    EXPECT_FALSE(send_fd(a.get(), 0, "").ok());
    a.reset();
    auto got = receive_fd(b.get());
    ASSERT_TRUE(got.ok());
    EXPECT_TRUE(got->payload.empty());
    EXPECT_FALSE(got->fd.valid());
}

}  // namespace
}  // namespace roost::net
