#include "auth/db/static_db.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

RequestInfo request(std::string user)
{
    RequestInfo r;
    r.user = std::move(user);
    r.service = "pop3";
    return r;
}

TEST(StaticPassdb, PasswordWithVariablesAndExtraFields)
{
    auto db = StaticPassdb::create("password={PLAIN}%n-%s proxy host=10.0.0.%{domain}");
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(db->driver(), "static");
    PassdbResult r = db->lookup(request("alice@7"));
    ASSERT_EQ(r.status, PassdbStatus::Ok) << r.error;
    EXPECT_EQ(r.user, "alice@7");
    EXPECT_EQ(r.password, "{PLAIN}alice-pop3");
    EXPECT_EQ(r.default_scheme, "PLAIN");
    ASSERT_EQ(r.extra.size(), 2u);
    EXPECT_EQ(r.extra[0].key, "proxy");
    EXPECT_FALSE(r.extra[0].has_value);
    EXPECT_EQ(field_value(r.extra, "host"), "10.0.0.7");
    EXPECT_EQ(find_field(r.extra, "password"), nullptr);  // not an extra field
    // verify() leaves the comparison to the caller.
    EXPECT_EQ(db->verify(request("bob"), "wrong").status, PassdbStatus::Ok);
    EXPECT_EQ(db->verify(request("bob"), "wrong").password, "{PLAIN}bob-pop3");
}

TEST(StaticPassdb, NopasswordAndMissingPassword)
{
    auto open = StaticPassdb::create("nopassword");
    ASSERT_TRUE(open.ok());
    PassdbResult r = open->verify(request("anyone"), "whatever");
    EXPECT_EQ(r.status, PassdbStatus::Ok);
    EXPECT_NE(find_field(r.extra, "nopassword"), nullptr);

    auto none = StaticPassdb::create("proxy=y");
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->lookup(request("anyone")).status, PassdbStatus::Ok);
    EXPECT_EQ(none->verify(request("anyone"), "").status, PassdbStatus::PasswordMismatch);
    EXPECT_EQ(find_field(none->lookup(request("anyone")).extra, "nopassword"), nullptr);

    auto off = StaticPassdb::create("password=x nopassword=no");
    ASSERT_TRUE(off.ok());
    EXPECT_EQ(find_field(off->lookup(request("a")).extra, "nopassword"), nullptr);
}

TEST(StaticPassdb, BadVariables)
{
    EXPECT_FALSE(StaticPassdb::create("password=%{user").ok());
    auto db = StaticPassdb::create("password=%h");  // valid syntax, unknown at lookup
    ASSERT_TRUE(db.ok());
    PassdbResult r = db->lookup(request("alice"));
    EXPECT_EQ(r.status, PassdbStatus::TempFail);
    EXPECT_NE(r.error.find("home"), std::string::npos) << r.error;
}

TEST(StaticUserdb, TemplateWithVariables)
{
    auto db = StaticUserdb::create("uid=root gid=root home=/srv/mail/%d/%n mail=maildir:~/Maildir");
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(db->driver(), "static");
    EXPECT_FALSE(db->allow_all_users());
    UserdbResult r = db->lookup(request("alice@example.org"), {});
    ASSERT_EQ(r.status, UserdbStatus::Ok) << r.error;
    EXPECT_EQ(r.user, "alice@example.org");
    ASSERT_EQ(r.fields.size(), 4u);
    EXPECT_EQ(field_value(r.fields, "uid"), "0");
    EXPECT_EQ(field_value(r.fields, "gid"), "0");
    EXPECT_EQ(field_value(r.fields, "home"), "/srv/mail/example.org/alice");
    EXPECT_EQ(field_value(r.fields, "mail"), "maildir:~/Maildir");
    EXPECT_EQ(field_value(db->lookup(request("bob@example.net"), {}).fields, "home"),
              "/srv/mail/example.net/bob");
}

TEST(StaticUserdb, AllowAllUsers)
{
    auto db = StaticUserdb::create("uid=1000 gid=1000 home=/home/%u allow_all_users=yes");
    ASSERT_TRUE(db.ok());
    EXPECT_TRUE(db->allow_all_users());
    UserdbResult r = db->lookup(request("x"), {});
    EXPECT_EQ(find_field(r.fields, "allow_all_users"), nullptr);
    EXPECT_EQ(r.fields.size(), 3u);
    EXPECT_FALSE(StaticUserdb::create("uid=1 allow_all_users=maybe").ok());
    auto no = StaticUserdb::create("uid=1 allow_all_users=no");
    ASSERT_TRUE(no.ok());
    EXPECT_FALSE(no->allow_all_users());
}

TEST(StaticUserdb, UnknownIdNameIsTempFail)
{
    auto db = StaticUserdb::create("uid=no-such-user-roost gid=0 home=/x");
    ASSERT_TRUE(db.ok());
    UserdbResult r = db->lookup(request("alice"), {});
    EXPECT_EQ(r.status, UserdbStatus::TempFail);
    EXPECT_NE(r.error.find("no-such-user-roost"), std::string::npos) << r.error;
    auto group = StaticUserdb::create("uid=0 gid=no-such-group-roost");
    ASSERT_TRUE(group.ok());
    EXPECT_EQ(group->lookup(request("alice"), {}).status, UserdbStatus::TempFail);
}

}  // namespace
}  // namespace roost::auth
