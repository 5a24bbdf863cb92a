// resolve_mail_user: uid/gid ranges, names, defaults, chroots.
#include "worker/mail_user.hpp"

#include <gtest/gtest.h>

namespace roost::worker {
namespace {

using Fields = std::vector<auth::proto::Param>;

auth::proto::Param f(const std::string& key, const std::string& value) { return {key, value, true}; }

NameResolver fake_names()
{
    return NameResolver{
        [](const std::string& n) -> std::optional<uid_t> { return n == "vmail" ? std::optional<uid_t>(5000) : std::nullopt; },
        [](const std::string& n) -> std::optional<gid_t> {
            return n == "vmail" ? std::optional<gid_t>(5000) : n == "mail" ? std::optional<gid_t>(8) : std::nullopt;
        },
    };
}

TEST(MailUser, UserdbFieldsWin)
{
    UserPolicy p;
    p.mail_location = "maildir:~/Maildir";
    auto u = resolve_mail_user("alice", Fields{f("uid", "1000"), f("gid", "1000"), f("home", "/home/alice"),
                                               f("quota_rule", "*:storage=1G")},
                               p, fake_names());
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(u->uid, 1000u);
    EXPECT_EQ(u->gid, 1000u);
    EXPECT_EQ(u->home, "/home/alice");
    EXPECT_EQ(u->mail_location, "maildir:~/Maildir");
    EXPECT_TRUE(u->chroot.empty());
    EXPECT_EQ(u->fields.size(), 4u);

    auto own = resolve_mail_user("bob", Fields{f("uid", "1001"), f("gid", "1001"), f("mail", "mbox:~/mail")}, p,
                                 fake_names());
    ASSERT_TRUE(own);
    EXPECT_EQ(own->mail_location, "mbox:~/mail");
}

TEST(MailUser, NamesAndMailUidDefaults)
{
    UserPolicy p;
    p.mail_uid = "vmail";
    p.mail_gid = "vmail";
    p.mail_access_groups = {"mail"};
    auto u = resolve_mail_user("carol@example.com", Fields{f("home", "/srv/mail/example.com/carol")}, p, fake_names());
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(u->uid, 5000u);
    EXPECT_EQ(u->gid, 5000u);
    EXPECT_EQ(u->extra_groups, std::vector<gid_t>{8});

    p.mail_uid.clear();
    EXPECT_FALSE(resolve_mail_user("carol", Fields{}, p, fake_names()));
    p.mail_uid = "nosuchuser";
    auto unknown = resolve_mail_user("carol", Fields{}, p, fake_names());
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("nosuchuser"), std::string::npos);
}

TEST(MailUser, RootAndSystemAccountsAreRefused)
{
    UserPolicy p;
    auto root = resolve_mail_user("root", Fields{f("uid", "0"), f("gid", "0")}, p, fake_names());
    ASSERT_FALSE(root);
    EXPECT_NE(root.error().message.find("uid 0 is outside first_valid_uid"), std::string::npos) << root.error().message;
    EXPECT_FALSE(resolve_mail_user("daemon", Fields{f("uid", "1"), f("gid", "1")}, p, fake_names()));
    EXPECT_FALSE(resolve_mail_user("x", Fields{f("uid", "1000"), f("gid", "0")}, p, fake_names()));
    p.last_valid_uid = 2000;
    EXPECT_FALSE(resolve_mail_user("x", Fields{f("uid", "3000"), f("gid", "100")}, p, fake_names()));
    EXPECT_TRUE(resolve_mail_user("x", Fields{f("uid", "2000"), f("gid", "100")}, p, fake_names()));
    EXPECT_FALSE(resolve_mail_user("x", Fields{f("uid", "12abc"), f("gid", "100")}, p, fake_names()));
}

TEST(MailUser, ChrootsFromUserdbMustBeAllowed)
{
    UserPolicy p;
    const Fields split{f("uid", "1000"), f("gid", "1000"), f("home", "/srv/jail/./home/alice")};
    auto refused = resolve_mail_user("alice", split, p, fake_names());
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("valid_chroot_dirs"), std::string::npos);
    p.valid_chroot_dirs = {"/srv/jail"};
    auto u = resolve_mail_user("alice", split, p, fake_names());
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(u->chroot, "/srv/jail");
    EXPECT_EQ(u->home, "/home/alice");
    p.valid_chroot_dirs = {"/srv/jai"};  // a prefix of the name is not a parent directory
    EXPECT_FALSE(resolve_mail_user("alice", split, p, fake_names()));

    UserPolicy admin;
    admin.mail_chroot = "/var/mailroot";
    auto chrooted = resolve_mail_user("bob", Fields{f("uid", "1000"), f("gid", "1000")}, admin, fake_names());
    ASSERT_TRUE(chrooted);
    EXPECT_EQ(chrooted->chroot, "/var/mailroot");
}

}  // namespace
}  // namespace roost::worker
