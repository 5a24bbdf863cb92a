#include "auth/db/passwd_file_parser.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

TEST(PasswdFileParser, DovecotFormat)
{
    const auto p = parse_passwd_file(
        "# users\n"
        "\n"
        "alice:{SHA512-CRYPT}$6$salt$hash:1001:1001::/home/alice::userdb_mail=maildir:~/Maildir nologin\n"
        "bob:{PLAIN}secret\r\n"
        "carol:plainhash:::gecos:/srv/carol:/bin/sh\n"
        "  dave:{PLAIN}x:1:2:::: extra=a:b  \n");
    EXPECT_TRUE(p.warnings.empty());
    ASSERT_EQ(p.entries.size(), 4u);
    const auto& a = p.entries.at("alice");
    EXPECT_EQ(a.password, "{SHA512-CRYPT}$6$salt$hash");
    EXPECT_EQ(a.uid, "1001");
    EXPECT_EQ(a.home, "/home/alice");
    ASSERT_EQ(a.extra.size(), 2u);
    EXPECT_EQ(a.extra[0].value, "maildir:~/Maildir");  // ':' inside extra fields is kept
    EXPECT_EQ(a.line, 3);
    EXPECT_EQ(p.entries.at("bob").password, "{PLAIN}secret");
    EXPECT_EQ(p.entries.at("bob").uid, "");
    EXPECT_EQ(p.entries.at("carol").home, "/srv/carol");
    EXPECT_EQ(p.entries.at("dave").extra[0].value, "a:b");
}

TEST(PasswdFileParser, BadLinesAreSkippedWithAReason)
{
    const auto p = parse_passwd_file(":nouser\nalice:{PLAIN}a\nalice:{PLAIN}b\n");
    ASSERT_EQ(p.warnings.size(), 2u);
    EXPECT_EQ(p.warnings[0], "line 1: empty user name");
    EXPECT_EQ(p.warnings[1], "line 3: duplicate user alice ignored");
    EXPECT_EQ(p.entries.at("alice").password, "{PLAIN}a");
}

}  // namespace
}  // namespace roost::auth
