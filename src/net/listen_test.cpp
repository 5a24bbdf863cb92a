#include "net/listen.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace roost::net {
namespace {

class ListenTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir_ = std::filesystem::temp_directory_path() / ("roost-net-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

bool can_connect(const std::string& path)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM, 0));
    return ::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
}

TEST_F(ListenTest, UnixSocketGetsTheRequestedMode)
{
    const std::string path = (dir_ / "auth-client").string();
    auto fd = listen_unix({.path = path, .mode = 0660});
    ASSERT_TRUE(fd.ok()) << fd.error().message;
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 07777, 0660u);
    EXPECT_TRUE(can_connect(path));
}

TEST_F(ListenTest, StaleSocketIsReplacedButALiveOneIsNot)
{
    const std::string path = (dir_ / "sock").string();
    {
        auto first = listen_unix({.path = path});
        ASSERT_TRUE(first.ok());
        auto second = listen_unix({.path = path});
        ASSERT_FALSE(second.ok());
        EXPECT_NE(second.error().message.find("another process is listening"), std::string::npos);
    }
    // The first listener is gone but its file stays: a crash leaves exactly this behind.
    ASSERT_TRUE(std::filesystem::exists(path));
    auto again = listen_unix({.path = path});
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(can_connect(path));
}

TEST_F(ListenTest, OverlongPathIsAClearError)
{
    auto fd = listen_unix({.path = (dir_ / std::string(200, 'x')).string()});
    ASSERT_FALSE(fd.ok());
    EXPECT_NE(fd.error().message.find("too long"), std::string::npos);
}

TEST(ListenTcp, PortZeroPicksAFreeLoopbackPort)
{
    auto fd = listen_tcp({.address = "127.0.0.1", .port = 0});
    ASSERT_TRUE(fd.ok()) << fd.error().message;
    auto port = local_port(fd->get());
    ASSERT_TRUE(port.ok());
    EXPECT_GT(*port, 0);
    auto busy = listen_tcp({.address = "127.0.0.1", .port = *port});
    EXPECT_FALSE(busy.ok());
    auto v6 = listen_tcp({.address = "::1", .port = 0});
    if (v6.ok()) {  // machines without IPv6 loopback skip this half
        EXPECT_GT(*local_port(v6->get()), 0);
    }
    EXPECT_FALSE(listen_tcp({.address = "not-an-ip", .port = 0}).ok());
}

}  // namespace
}  // namespace roost::net
