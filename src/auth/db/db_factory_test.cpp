#include "auth/db/db_factory.hpp"

#include <gtest/gtest.h>

#include "auth/db/pam_db.hpp"
#include "auth/db/passwd_file_db.hpp"
#include "auth/db/prefetch_userdb.hpp"
#include "auth/db/static_db.hpp"

namespace roost::auth {
namespace {

config::Section section(std::string type, std::string driver, std::string args = {})
{
    config::Section s;
    s.type = std::move(type);
    s.where = config::Location{"/etc/roost/conf.d/auth.conf", 12};
    if (!driver.empty()) {
        s.set(config::Setting{"driver", std::move(driver), s.where});
    }
    if (!args.empty()) {
        s.set(config::Setting{"args", std::move(args), s.where});
    }
    return s;
}

TEST(DbFactory, PassdbDrivers)
{
    for (const char* driver : {"passwd", "shadow", "pam", "static"}) {
        auto db = make_passdb(
            section("passdb", driver, std::string(driver) == "static" ? "nopassword" : ""));
        ASSERT_TRUE(db.ok()) << driver << ": " << db.error().message;
        EXPECT_EQ((*db)->driver(), driver);
    }
    auto file = make_passdb(section("passdb", "passwd-file", "scheme=PLAIN /etc/roost/users"));
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_EQ((*file)->driver(), "passwd-file");

    auto pam = make_passdb(section("passdb", "pam", "session=yes *"));
    ASSERT_TRUE(pam.ok());
    EXPECT_FALSE((*pam)->has_credentials());
    EXPECT_TRUE((*pam)->verifies_itself());
    const auto* pam_db = dynamic_cast<const PamPassdb*>(pam.value().get());
    ASSERT_NE(pam_db, nullptr);
    EXPECT_TRUE(pam_db->args().session);
    EXPECT_TRUE(pam_db->args().service_from_request);
}

TEST(DbFactory, UserdbDrivers)
{
    for (const char* driver : {"passwd", "prefetch"}) {
        auto db = make_userdb(section("userdb", driver));
        ASSERT_TRUE(db.ok()) << driver << ": " << db.error().message;
        EXPECT_EQ((*db)->driver(), driver);
    }
    auto file = make_userdb(section("userdb", "passwd-file", "/etc/roost/users"));
    ASSERT_TRUE(file.ok());
    EXPECT_EQ((*file)->driver(), "passwd-file");

    auto st = make_userdb(
        section("userdb", "static", "uid=vmail gid=vmail home=/srv/%d/%n allow_all_users=yes"));
    ASSERT_TRUE(st.ok());
    const auto* static_db = dynamic_cast<const StaticUserdb*>(st.value().get());
    ASSERT_NE(static_db, nullptr);
    EXPECT_TRUE(static_db->allow_all_users());
}

TEST(DbFactory, DovecotTwoFourSectionName)
{
    config::Section s = section("passdb", "");
    s.name = "static";
    s.set(config::Setting{"args", "nopassword", s.where});
    auto db = make_passdb(s);
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ((*db)->driver(), "static");
}

TEST(DbFactory, ErrorsNameTheDriverAndPlace)
{
    auto db = make_passdb(section("passdb", "ldap"));
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().message.find("ldap"), std::string::npos) << db.error().message;
    EXPECT_NE(db.error().message.find("auth.conf:12"), std::string::npos) << db.error().message;

    auto udb = make_userdb(section("userdb", "sql"));
    ASSERT_FALSE(udb.ok());
    EXPECT_NE(udb.error().message.find("sql"), std::string::npos);
    EXPECT_FALSE(make_userdb(section("userdb", "shadow")).ok());    // passdb only
    EXPECT_FALSE(make_passdb(section("passdb", "prefetch")).ok());  // userdb only
    EXPECT_FALSE(make_passdb(section("passdb", "")).ok());

    EXPECT_FALSE(make_passdb(section("passdb", "passwd-file")).ok());  // no path
    EXPECT_FALSE(make_passdb(section("passdb", "pam", "session=yes bogus=1")).ok());
    EXPECT_FALSE(make_passdb(section("passdb", "pam", "one two")).ok());
    EXPECT_FALSE(make_passdb(section("passdb", "passwd", "something")).ok());
    EXPECT_TRUE(make_passdb(section("passdb", "passwd", "blocking=no")).ok());
    EXPECT_FALSE(make_userdb(section("userdb", "static", "uid=1 allow_all_users=perhaps")).ok());
}

TEST(PrefetchUserdb, ReturnsThePassdbUserdbFields)
{
    PrefetchUserdb db;
    RequestInfo r;
    r.user = "alice";
    UserdbResult u =
        db.lookup(r, parse_field_list("uid=root gid=0 home=/home/alice mail=maildir:~/M"));
    ASSERT_EQ(u.status, UserdbStatus::Ok) << u.error;
    EXPECT_EQ(u.user, "alice");
    EXPECT_EQ(field_value(u.fields, "uid"), "0");
    EXPECT_EQ(field_value(u.fields, "mail"), "maildir:~/M");
    EXPECT_EQ(u.fields.size(), 4u);

    u = db.lookup(r, parse_field_list("userdb_home=/h userdb_uid=7"));  // prefixes still on
    ASSERT_EQ(u.status, UserdbStatus::Ok);
    EXPECT_EQ(field_value(u.fields, "home"), "/h");
    EXPECT_EQ(field_value(u.fields, "uid"), "7");

    EXPECT_EQ(db.lookup(r, {}).status, UserdbStatus::UserUnknown);
    EXPECT_EQ(db.lookup(r, parse_field_list("uid=no-such-user-roost")).status,
              UserdbStatus::TempFail);
}

}  // namespace
}  // namespace roost::auth
