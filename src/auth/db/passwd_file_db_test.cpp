#include "auth/db/passwd_file_db.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace roost::auth {
namespace {

namespace fs = std::filesystem;

class PasswdFileDbTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string tmpl = (fs::temp_directory_path() / "roost-pwfile-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Writes through a new file and rename(), as editors and deploy tools do.
    std::string write(const std::string& name, const std::string& text)
    {
        const fs::path path = dir_ / name;
        fs::create_directories(path.parent_path());
        const fs::path tmp = path.string() + ".tmp";
        std::ofstream(tmp) << text;
        fs::rename(tmp, path);
        return path.string();
    }

    static PasswdFileArgs args(const std::string& text)
    {
        auto parsed = PasswdFileArgs::parse(text);
        EXPECT_TRUE(parsed.ok()) << parsed.error().message;
        return parsed.ok() ? *parsed : PasswdFileArgs{};
    }

    static RequestInfo request(std::string user)
    {
        RequestInfo r;
        r.user = std::move(user);
        r.service = "imap";
        return r;
    }

    fs::path dir_;
    std::shared_ptr<PasswdFileCache> cache_ = std::make_shared<PasswdFileCache>();
};

TEST_F(PasswdFileDbTest, ArgsAsDovecotWritesThem)
{
    PasswdFileArgs a = args("/etc/roost/users");
    EXPECT_EQ(a.path, "/etc/roost/users");
    EXPECT_EQ(a.scheme, "CRYPT");
    EXPECT_EQ(a.username_format, "%u");

    a = args("scheme=sha512-crypt username_format=%n /etc/auth/%d/passwd");
    EXPECT_EQ(a.scheme, "SHA512-CRYPT");
    EXPECT_EQ(a.username_format, "%n");
    EXPECT_EQ(a.path, "/etc/auth/%d/passwd");

    a = args("  username_format=%u   /srv/my users/passwd ");
    EXPECT_EQ(a.path, "/srv/my users/passwd");  // the rest of the line is the path

    EXPECT_FALSE(PasswdFileArgs::parse("scheme=PLAIN").ok());
    EXPECT_FALSE(PasswdFileArgs::parse("").ok());
    EXPECT_FALSE(PasswdFileArgs::parse("scheme= /etc/users").ok());
    auto bad = PasswdFileArgs::parse("/etc/auth/%{domain/passwd");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("passwd-file"), std::string::npos);
}

TEST_F(PasswdFileDbTest, PassdbReturnsPasswordSchemeAndFields)
{
    const std::string path = write("users",
                                   "alice:{SHA512-CRYPT}$6$salt$hash:1001:1002::/home/alice::"
                                   "userdb_mail=maildir:/srv/%d/%n allow_nets=127.0.0.0/8 nodelay\n"
                                   "bob:$1$salt$md5hash[34]\n"
                                   "carol:plainhash:::::: userdb_uid=500\n");
    PasswdFilePassdb db(args("scheme=PLAIN " + path), cache_);
    EXPECT_EQ(db.driver(), "passwd-file");
    EXPECT_TRUE(db.has_credentials());
    EXPECT_FALSE(db.verifies_itself());

    PassdbResult r = db.lookup(request("alice"));
    ASSERT_EQ(r.status, PassdbStatus::Ok) << r.error;
    EXPECT_EQ(r.user, "alice");
    EXPECT_EQ(r.password, "{SHA512-CRYPT}$6$salt$hash");
    EXPECT_EQ(r.default_scheme, "PLAIN");
    EXPECT_EQ(field_value(r.extra, "userdb_mail"), "maildir:/srv//alice");  // %d is empty here
    EXPECT_EQ(field_value(r.extra, "allow_nets"), "127.0.0.0/8");
    ASSERT_NE(find_field(r.extra, "nodelay"), nullptr);
    EXPECT_FALSE(find_field(r.extra, "nodelay")->has_value);
    // uid, gid and home travel as userdb fields, for prefetch.
    EXPECT_EQ(field_value(r.extra, "userdb_uid"), "1001");
    EXPECT_EQ(field_value(r.extra, "userdb_gid"), "1002");
    EXPECT_EQ(field_value(r.extra, "userdb_home"), "/home/alice");

    r = db.lookup(request("bob"));
    ASSERT_EQ(r.status, PassdbStatus::Ok);
    EXPECT_EQ(r.password, "{MD5-CRYPT}$1$salt$md5hash");  // libpam-pwdfile's [34]
    r = db.lookup(request("carol"));
    EXPECT_EQ(r.password, "plainhash");
    ASSERT_EQ(r.extra.size(), 1u);  // the line's own userdb_uid is not duplicated
    EXPECT_EQ(field_value(r.extra, "userdb_uid"), "500");

    r = db.lookup(request("nobody-here"));
    EXPECT_EQ(r.status, PassdbStatus::UserUnknown);
    EXPECT_EQ(db.lookup(request("")).status, PassdbStatus::UserUnknown);
}

TEST_F(PasswdFileDbTest, EmptyPasswordNeedsNopassword)
{
    const std::string path = write("users", "open::::::: nopassword\nlocked:::::::\n");
    PasswdFilePassdb db(args(path), cache_);
    EXPECT_EQ(db.lookup(request("locked")).status, PassdbStatus::Ok);  // the user exists
    PassdbResult r = db.verify(request("locked"), "");
    EXPECT_EQ(r.status, PassdbStatus::PasswordMismatch);
    EXPECT_EQ(db.verify(request("locked"), "anything").status, PassdbStatus::PasswordMismatch);
    r = db.verify(request("open"), "anything");
    EXPECT_EQ(r.status, PassdbStatus::Ok);
    EXPECT_NE(find_field(r.extra, "nopassword"), nullptr);
}

TEST_F(PasswdFileDbTest, RereadsTheFileWhenItChanges)
{
    const std::string path = write("users", "alice:{PLAIN}one\n");
    PasswdFilePassdb db(args(path), cache_);
    EXPECT_EQ(db.lookup(request("alice")).password, "{PLAIN}one");
    EXPECT_EQ(db.lookup(request("alice")).password, "{PLAIN}one");
    EXPECT_EQ(cache_->reads(), 1u);  // unchanged: not read again

    write("users", "alice:{PLAIN}two\nbob:{PLAIN}b\n");  // a new inode
    EXPECT_EQ(db.lookup(request("alice")).password, "{PLAIN}two");
    EXPECT_EQ(db.lookup(request("bob")).status, PassdbStatus::Ok);
    EXPECT_EQ(cache_->reads(), 2u);

    {
        std::ofstream(path, std::ios::trunc)
            << "alice:{PLAIN}three-in-place\n";  // same inode, new size
    }
    EXPECT_EQ(db.lookup(request("alice")).password, "{PLAIN}three-in-place");
    EXPECT_EQ(db.lookup(request("bob")).status, PassdbStatus::UserUnknown);

    // Same inode and size, only the mtime differs.
    {
        std::ofstream(path, std::ios::trunc) << "alice:{PLAIN}four-in-place\n";
    }
    const auto later = fs::last_write_time(path) + std::chrono::seconds(5);
    fs::last_write_time(path, later);
    EXPECT_EQ(db.lookup(request("alice")).password, "{PLAIN}four-in-place");
}

TEST_F(PasswdFileDbTest, UnreadableFileIsTempFail)
{
    PasswdFilePassdb missing(args((dir_ / "absent").string()), cache_);
    PassdbResult r = missing.lookup(request("alice"));
    EXPECT_EQ(r.status, PassdbStatus::TempFail);
    EXPECT_NE(r.error.find((dir_ / "absent").string()), std::string::npos) << r.error;

    fs::create_directories(dir_ / "adir");
    PasswdFileUserdb dir(args((dir_ / "adir").string()), cache_);
    UserdbResult u = dir.lookup(request("alice"), {});
    EXPECT_EQ(u.status, UserdbStatus::TempFail);
    EXPECT_NE(u.error.find("not a regular file"), std::string::npos) << u.error;

    // A file that disappears stops answering from the cache.
    const std::string path = write("users", "alice:{PLAIN}x\n");
    PasswdFilePassdb db(args(path), cache_);
    EXPECT_EQ(db.lookup(request("alice")).status, PassdbStatus::Ok);
    fs::remove(path);
    EXPECT_EQ(db.lookup(request("alice")).status, PassdbStatus::TempFail);
}

TEST_F(PasswdFileDbTest, PerDomainFilesAndUsernameFormat)
{
    write("example.org/passwd", "alice:{PLAIN}a-org:::::: userdb_quota_rule=*:storage=%d\n");
    write("example.net/passwd", "alice:{PLAIN}a-net\n");
    const std::string pattern = (dir_ / "%d/passwd").string();
    PasswdFilePassdb db(args("username_format=%n " + pattern), cache_);

    PassdbResult r = db.lookup(request("alice@example.org"));
    ASSERT_EQ(r.status, PassdbStatus::Ok) << r.error;
    EXPECT_EQ(r.password, "{PLAIN}a-org");
    EXPECT_EQ(r.user, "alice@example.org");
    EXPECT_EQ(field_value(r.extra, "userdb_quota_rule"), "*:storage=example.org");
    EXPECT_EQ(db.lookup(request("alice@example.net")).password, "{PLAIN}a-net");
    // A domain without a file is a user we do not know, not a failure.
    r = db.lookup(request("alice@example.com"));
    EXPECT_EQ(r.status, PassdbStatus::UserUnknown) << r.error;
    EXPECT_EQ(db.lookup(request("bob@example.org")).status, PassdbStatus::UserUnknown);

    // With the default %u the key is the whole name, which these files do not hold.
    PasswdFilePassdb full(args(pattern), cache_);
    EXPECT_EQ(full.lookup(request("alice@example.org")).status, PassdbStatus::UserUnknown);

    // Per-domain paths cannot be listed.
    PasswdFileUserdb userdb(args(pattern), cache_);
    EXPECT_FALSE(userdb.iterate([](const std::string&) {}));

    // A domain that walks out of the directory finds nobody, even where the file exists.
    write("passwd", "alice:{PLAIN}top\n");
    write("x/passwd", "alice:{PLAIN}nested\n");
    EXPECT_EQ(db.lookup(request("alice@..")).status, PassdbStatus::UserUnknown);
    EXPECT_EQ(db.lookup(request("alice@example.org/../x")).status, PassdbStatus::UserUnknown);
    EXPECT_EQ(db.lookup(request("alice@x/.")).status, PassdbStatus::UserUnknown);
    EXPECT_EQ(db.lookup(request("alice@x")).password, "{PLAIN}nested");

    // A variable the request cannot fill is a failure, not an unknown user.
    PasswdFilePassdb broken(args((dir_ / "%h/passwd").string()), cache_);
    EXPECT_EQ(broken.lookup(request("alice@example.org")).status, PassdbStatus::TempFail);
}

TEST_F(PasswdFileDbTest, PercentEscapeInFixedPath)
{
    write("100%/users", "alice:{PLAIN}x\n");
    PasswdFileUserdb db(args((dir_ / "100%%/users").string()), cache_);
    EXPECT_EQ(db.lookup(request("alice"), {}).status, UserdbStatus::Ok);
    std::vector<std::string> users;
    EXPECT_TRUE(db.iterate([&](const std::string& u) { users.push_back(u); }));
    EXPECT_EQ(users.size(), 1u);
}

TEST_F(PasswdFileDbTest, UsernameFormatWithModifiers)
{
    const std::string path = write("users", "alice@example.org:{PLAIN}x\n");
    PasswdFilePassdb db(args("username_format=%Lu " + path), cache_);
    EXPECT_EQ(db.lookup(request("Alice@Example.ORG")).status, PassdbStatus::Ok);
    PasswdFilePassdb exact(args(path), cache_);
    EXPECT_EQ(exact.lookup(request("Alice@Example.ORG")).status, PassdbStatus::UserUnknown);
}

TEST_F(PasswdFileDbTest, UserdbFieldsAndOverrides)
{
    const std::string path = write("users",
                                   "alice:{PLAIN}x:1001:1002:Alice:/home/alice:/bin/sh:"
                                   "userdb_mail=mbox:~/mail userdb_home=/srv/mail/%n nologin\n"
                                   "bob:{PLAIN}x:root:root::/home/bob\n"
                                   "carol:{PLAIN}x:1003:1003:::: userdb_uid=0\n"
                                   "dave:{PLAIN}x:no-such-user-roost:1::/home/dave\n"
                                   "erin:{PLAIN}x\n");
    PasswdFileUserdb db(args(path), cache_);
    EXPECT_EQ(db.driver(), "passwd-file");

    UserdbResult r = db.lookup(request("alice"), {});
    ASSERT_EQ(r.status, UserdbStatus::Ok) << r.error;
    EXPECT_EQ(field_value(r.fields, "uid"), "1001");
    EXPECT_EQ(field_value(r.fields, "gid"), "1002");
    EXPECT_EQ(field_value(r.fields, "home"), "/srv/mail/alice");  // userdb_home wins
    EXPECT_EQ(field_value(r.fields, "mail"), "mbox:~/mail");
    EXPECT_EQ(find_field(r.fields, "nologin"), nullptr);  // a passdb field
    EXPECT_EQ(r.fields.size(), 4u);

    r = db.lookup(request("bob"), {});
    ASSERT_EQ(r.status, UserdbStatus::Ok) << r.error;
    EXPECT_EQ(field_value(r.fields, "uid"), "0");  // names resolved
    EXPECT_EQ(field_value(r.fields, "gid"), "0");

    EXPECT_EQ(field_value(db.lookup(request("carol"), {}).fields, "uid"), "0");

    r = db.lookup(request("dave"), {});
    EXPECT_EQ(r.status, UserdbStatus::TempFail);
    EXPECT_NE(r.error.find("no-such-user-roost"), std::string::npos) << r.error;

    r = db.lookup(request("erin"), {});
    ASSERT_EQ(r.status, UserdbStatus::Ok);
    EXPECT_TRUE(r.fields.empty());

    EXPECT_EQ(db.lookup(request("zed"), {}).status, UserdbStatus::UserUnknown);
}

TEST_F(PasswdFileDbTest, PassdbAndUserdbShareOneRead)
{
    const std::string path = write("users", "alice:{PLAIN}x:1:1::/h\n");
    PasswdFilePassdb passdb(args(path), cache_);
    PasswdFileUserdb userdb(args(path), cache_);
    EXPECT_EQ(passdb.lookup(request("alice")).status, PassdbStatus::Ok);
    EXPECT_EQ(userdb.lookup(request("alice"), {}).status, UserdbStatus::Ok);
    EXPECT_EQ(cache_->reads(), 1u);
    EXPECT_NE(PasswdFileCache::shared(), nullptr);
    EXPECT_EQ(PasswdFileCache::shared(), PasswdFileCache::shared());
}

TEST_F(PasswdFileDbTest, IterateListsUsers)
{
    const std::string path = write("users", "# comment\nbob:x\nalice:y\n\ncarol:z\n");
    PasswdFileUserdb db(args(path), cache_);
    std::vector<std::string> users;
    EXPECT_TRUE(db.iterate([&](const std::string& u) { users.push_back(u); }));
    EXPECT_EQ(users, (std::vector<std::string>{"alice", "bob", "carol"}));

    PasswdFileUserdb missing(args((dir_ / "absent").string()), cache_);
    EXPECT_FALSE(missing.iterate([](const std::string&) {}));
}

}  // namespace
}  // namespace roost::auth
