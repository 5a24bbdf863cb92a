#include "worker/connection_slots.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace roost::worker {
namespace {

class ConnectionSlotsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        char tmpl[] = "/tmp/roost-slots-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = std::string(tmpl) + "/userip";
    }
    void TearDown() override { std::filesystem::remove_all(std::filesystem::path(dir_).parent_path()); }

    std::optional<UniqueFd> claim(std::string_view user, std::string_view ip, unsigned limit)
    {
        auto r = claim_connection_slot(dir_, "imap", user, ip, limit);
        EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
        return r ? std::move(*r) : std::nullopt;
    }
    std::string dir_;
};

TEST_F(ConnectionSlotsTest, TheLimitCountsPerUserAndAddress)
{
    auto a = claim("alice", "192.0.2.1", 2);
    auto b = claim("alice", "192.0.2.1", 2);
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(a->valid() && b->valid());
    EXPECT_FALSE(claim("alice", "192.0.2.1", 2));  // the third
    EXPECT_TRUE(claim("alice", "192.0.2.2", 2));   // another address
    EXPECT_TRUE(claim("bob", "192.0.2.1", 2));     // another user
    a.reset();                                     // a session ends
    EXPECT_TRUE(claim("alice", "192.0.2.1", 2));
}

TEST_F(ConnectionSlotsTest, ASessionThatDiesGivesItsSlotBack)
{
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto held = claim_connection_slot(dir_, "pop3", "alice", "::1", 1);
        (void)!::write(ready[1], held && *held ? "y" : "n", 1);
        ::pause();  // killed below, without any clean-up
        ::_exit(0);
    }
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    EXPECT_EQ(c, 'y');
    EXPECT_FALSE(claim_connection_slot(dir_, "pop3", "alice", "::1", 1).value());
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    EXPECT_TRUE(claim_connection_slot(dir_, "pop3", "alice", "::1", 1).value());
    ::close(ready[0]);
    ::close(ready[1]);
}

TEST_F(ConnectionSlotsTest, ZeroMeansNoLimit)
{
    auto unlimited = claim("alice", "192.0.2.1", 0);
    ASSERT_TRUE(unlimited);
    EXPECT_FALSE(unlimited->valid());
    EXPECT_FALSE(std::filesystem::exists(dir_));
    EXPECT_EQ(connection_limit_text(10),
              "Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)");
}

}  // namespace
}  // namespace roost::worker
