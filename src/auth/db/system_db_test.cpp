#include "auth/db/system_db.hpp"

#include <crypt.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "auth/db/scoped_system_user.hpp"
#include "auth/db/system_user.hpp"

namespace roost::auth {
namespace {

using testing::ScopedSystemUser;

RequestInfo request(std::string user)
{
    RequestInfo r;
    r.user = std::move(user);
    r.service = "imap";
    return r;
}

constexpr const char* kMissing = "no-such-user-roost";

TEST(PasswdUserdb, RootAndMissingUser)
{
    PasswdUserdb db;
    EXPECT_EQ(db.driver(), "passwd");
    UserdbResult r = db.lookup(request("root"), {});
    ASSERT_EQ(r.status, UserdbStatus::Ok) << r.error;
    EXPECT_EQ(r.user, "root");
    EXPECT_EQ(field_value(r.fields, "uid"), "0");
    EXPECT_EQ(field_value(r.fields, "gid"), "0");
    EXPECT_EQ(field_value(r.fields, "home"), "/root");
    EXPECT_EQ(field_value(r.fields, "system_groups_user"), "root");

    r = db.lookup(request(kMissing), {});
    EXPECT_EQ(r.status, UserdbStatus::UserUnknown);
    EXPECT_TRUE(r.fields.empty());
}

TEST(PasswdUserdb, IterateListsSystemUsers)
{
    PasswdUserdb db;
    std::vector<std::string> users;
    EXPECT_TRUE(db.iterate([&](const std::string& u) { users.push_back(u); }));
    EXPECT_NE(std::find(users.begin(), users.end(), "root"), users.end());
    EXPECT_EQ(std::find(users.begin(), users.end(), kMissing), users.end());
}

TEST(PasswdPassdb, RootAndMissingUser)
{
    PasswdPassdb db;
    EXPECT_EQ(db.driver(), "passwd");
    PassdbResult r = db.lookup(request("root"));
    // Debian keeps the hash in /etc/shadow: pw_passwd is "x".
    ASSERT_EQ(r.status, PassdbStatus::Ok) << r.error;
    EXPECT_EQ(r.password, "x");
    EXPECT_EQ(r.default_scheme, "CRYPT");
    EXPECT_EQ(db.lookup(request(kMissing)).status, PassdbStatus::UserUnknown);
}

TEST(ShadowPassdb, RootWhenRoot)
{
    if (!ScopedSystemUser::is_root()) {
        GTEST_SKIP() << "reading /etc/shadow needs root";
    }
    ShadowPassdb db;
    EXPECT_EQ(db.driver(), "shadow");
    PassdbResult r = db.lookup(request("root"));
    // root is often locked ("*" or "!") in containers and on Ubuntu-like installs.
    ASSERT_TRUE(r.status == PassdbStatus::Ok || r.status == PassdbStatus::UserDisabled) << r.error;
    if (r.status == PassdbStatus::Ok) {
        EXPECT_FALSE(r.password.empty());
        EXPECT_NE(r.password.front(), '!');
    }
    EXPECT_EQ(r.default_scheme, "CRYPT");
    EXPECT_EQ(db.lookup(request(kMissing)).status, PassdbStatus::UserUnknown);
}

TEST(ShadowPassdb, UserWithPasswordThenLocked)
{
    if (!ScopedSystemUser::is_root()) {
        GTEST_SKIP() << "creating users needs root";
    }
    ScopedSystemUser user("roostshadowtest", "Shadow-Pw-42");
    ASSERT_TRUE(user.ok()) << "useradd/chpasswd failed";
    ShadowPassdb db;
    PassdbResult r = db.lookup(request(user.name()));
    ASSERT_EQ(r.status, PassdbStatus::Ok) << r.error;
    ASSERT_GT(r.password.size(), 10u);
    EXPECT_EQ(r.password.front(), '$');  // a crypt(3) hash: $y$, $6$ ...
    auto data = std::make_unique<crypt_data>();
    const char* hashed = ::crypt_r("Shadow-Pw-42", r.password.c_str(), data.get());
    ASSERT_NE(hashed, nullptr);
    EXPECT_EQ(r.password, hashed);
    EXPECT_NE(r.password, ::crypt_r("shadow-pw-42", r.password.c_str(), data.get()));

    // passwd has only "x" for the same user.
    EXPECT_EQ(PasswdPassdb().lookup(request(user.name())).password, "x");

    ASSERT_TRUE(ScopedSystemUser::run("usermod -L " + user.name()));
    r = db.lookup(request(user.name()));
    EXPECT_EQ(r.status, PassdbStatus::UserDisabled);
    EXPECT_TRUE(r.password.empty());
}

// As an unprivileged user /etc/shadow cannot be read; NSS would say "no such user".
TEST(ShadowPassdb, UnreadableShadowIsTempFail)
{
    if (!ScopedSystemUser::is_root()) {
        if (::access("/etc/shadow", R_OK) == 0) {
            GTEST_SKIP() << "this user may read /etc/shadow (shadow group)";
        }
        PassdbResult r = ShadowPassdb().lookup(request("root"));
        EXPECT_EQ(r.status, PassdbStatus::TempFail);
        EXPECT_NE(r.error.find("shadow group"), std::string::npos) << r.error;
        return;
    }
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(pipe_fds[0]);
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
            ::_exit(100);
        }
        const PassdbResult r = ShadowPassdb().lookup(request("root"));
        (void)!::write(pipe_fds[1], r.error.data(), r.error.size());
        ::_exit(static_cast<int>(r.status));
    }
    ::close(pipe_fds[1]);
    std::string error;
    char buf[512];
    for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof(buf))) > 0;) {
        error.append(buf, static_cast<std::size_t>(n));
    }
    ::close(pipe_fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), static_cast<int>(PassdbStatus::TempFail));
    EXPECT_NE(error.find("/etc/shadow"), std::string::npos) << error;
    EXPECT_NE(error.find("shadow group"), std::string::npos) << error;
}

TEST(ShadowPassdb, MissingShadowFileIsNotAnError)
{
    // Systems whose shadow data come from LDAP or sss have no file to check.
    ShadowPassdb db("/nonexistent/roost/shadow");
    EXPECT_EQ(db.lookup(request(kMissing)).status, PassdbStatus::UserUnknown);
}

TEST(SystemUser, ResolveIdFields)
{
    Fields f = parse_field_list("uid=root gid=root home=/x");
    ASSERT_TRUE(resolve_id_fields(f).ok());
    EXPECT_EQ(field_value(f, "uid"), "0");
    EXPECT_EQ(field_value(f, "gid"), "0");
    Fields numbers = parse_field_list("uid=1234 gid=5678");
    ASSERT_TRUE(resolve_id_fields(numbers).ok());
    EXPECT_EQ(field_value(numbers, "uid"), "1234");
    Fields empty = parse_field_list("uid=");
    EXPECT_FALSE(resolve_id_fields(empty).ok());
    Fields bad = parse_field_list("gid=no-such-group-roost");
    auto r = resolve_id_fields(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("no-such-group-roost"), std::string::npos);
    EXPECT_TRUE(is_decimal("0"));
    EXPECT_FALSE(is_decimal("-1"));
    EXPECT_FALSE(is_decimal(""));
}

}  // namespace
}  // namespace roost::auth
