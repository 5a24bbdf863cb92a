#include "net/privileges.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace roost::net {
namespace {

TEST(Privileges, LooksUpSystemUsers)
{
    auto root = system_user("root");
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(root->uid, 0u);
    EXPECT_FALSE(system_user("no-such-user-roost").ok());
    EXPECT_FALSE(system_group("no-such-group-roost").ok());
}

TEST(Privileges, NonRootKeepsItsOwnIdentityOnly)
{
    if (::geteuid() == 0) {
        GTEST_SKIP() << "runs as a normal user";
    }
    Identity self{::getuid(), ::getgid(), {}, ""};
    EXPECT_TRUE(become(self).ok());
    Identity other{::getuid() + 1, ::getgid(), {}, ""};
    EXPECT_FALSE(become(other).ok());
}

TEST(Privileges, RootDropsForGoodInAChild)
{
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root";
    }
    auto nobody = system_user("nobody");
    ASSERT_TRUE(nobody.ok());
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        // Exit codes tell the parent what happened; gtest must not run in the child.
        if (!become(*nobody).ok()) {
            _exit(1);
        }
        if (::getuid() != nobody->uid || ::geteuid() != nobody->uid || ::getgid() != nobody->gid) {
            _exit(2);
        }
        if (::setuid(0) == 0) {
            _exit(3);
        }
        _exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace roost::net
