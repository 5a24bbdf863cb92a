#include "auth/db/pam_db.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>

#include "auth/db/scoped_system_user.hpp"

namespace roost::auth {
namespace {

using testing::ScopedSystemUser;

TEST(PamArgs, Parse)
{
    auto a = PamArgs::parse("");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->service, "roost");
    EXPECT_FALSE(a->service_from_request || a->session || a->setcred || a->failure_show_msg);
    a = PamArgs::parse(
        "session=yes setcred=yes failure_show_msg=yes max_requests=100 cache_key=%u dovecot");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->service, "dovecot");
    EXPECT_TRUE(a->session && a->setcred && a->failure_show_msg);
    a = PamArgs::parse("*");
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(a->service_from_request);
    a = PamArgs::parse("session=no");
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a->session);
}

TEST(PamPassdb, LookupIsNotPossible)
{
    PamPassdb db(PamArgs{});
    RequestInfo r;
    r.user = "alice";
    PassdbResult p = db.lookup(r);
    EXPECT_EQ(p.status, PassdbStatus::TempFail);
    EXPECT_FALSE(p.error.empty());
}

constexpr const char* kService = "roost-test";
constexpr const char* kServiceFile = "/etc/pam.d/roost-test";
constexpr const char* kUser = "roostpamtest";
constexpr const char* kPassword = "Pam-Test-Pw-7";

// A real system user and PAM service, both removed in TearDown whatever happened.
class PamPassdbTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!ScopedSystemUser::is_root()) {
            GTEST_SKIP() << "the PAM test creates a system user and " << kServiceFile
                         << ": run it as root";
        }
        {
            std::ofstream file(kServiceFile);
            file << "# Written by Roost's pam_db_test; removed when the test ends.\n"
                    "@include common-auth\n"
                    "@include common-account\n";
        }
        user_ = std::make_unique<ScopedSystemUser>(kUser, kPassword);
        ASSERT_TRUE(user_->ok()) << "useradd/chpasswd failed";
    }

    void TearDown() override
    {
        user_.reset();
        std::error_code ignored;
        std::filesystem::remove(kServiceFile, ignored);
    }

    static void rewrite_service(const std::string& text)
    {
        std::ofstream(kServiceFile, std::ios::trunc) << text;
    }

    static RequestInfo request(std::string user)
    {
        RequestInfo r;
        r.user = std::move(user);
        r.service = "imap";
        r.remote_ip = "192.0.2.55";
        return r;
    }

    static PamPassdb passdb(const std::string& args = kService)
    {
        auto parsed = PamArgs::parse(args);
        EXPECT_TRUE(parsed.ok());
        return PamPassdb(parsed.ok() ? *parsed : PamArgs{});
    }

    std::unique_ptr<ScopedSystemUser> user_;
};

TEST_F(PamPassdbTest, RightWrongAndUnknownPrintNothing)
{
    PamPassdb db = passdb();
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const auto start = std::chrono::steady_clock::now();
    const PassdbResult ok = db.verify(request(kUser), kPassword);
    const PassdbResult wrong = db.verify(request(kUser), "not-the-password");
    const PassdbResult unknown = db.verify(request("roost-no-such-user"), kPassword);
    const PassdbResult empty = db.verify(request(kUser), "");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const std::string out = ::testing::internal::GetCapturedStdout();
    const std::string err = ::testing::internal::GetCapturedStderr();

    EXPECT_EQ(ok.status, PassdbStatus::Ok) << ok.error;
    EXPECT_EQ(ok.user, kUser);
    EXPECT_TRUE(ok.password.empty());
    EXPECT_EQ(wrong.status, PassdbStatus::PasswordMismatch) << wrong.error;
    EXPECT_FALSE(wrong.error.empty());
    // An unknown user must look exactly like a wrong password.
    EXPECT_EQ(unknown.status, PassdbStatus::PasswordMismatch) << unknown.error;
    EXPECT_EQ(empty.status, PassdbStatus::PasswordMismatch) << empty.error;
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, "");
    // pam_unix sleeps 2 s after a failure unless the application takes the delay over.
    EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
    // The password never appears in what may be logged.
    for (const PassdbResult* r : {&ok, &wrong, &unknown}) {
        EXPECT_EQ(r->error.find(kPassword), std::string::npos);
    }
}

TEST_F(PamPassdbTest, ServiceFromRequest)
{
    PamPassdb db = passdb("*");
    RequestInfo r = request(kUser);
    r.service = kService;
    EXPECT_EQ(db.verify(r, kPassword).status, PassdbStatus::Ok);
    EXPECT_EQ(db.verify(r, "wrong").status, PassdbStatus::PasswordMismatch);
}

TEST_F(PamPassdbTest, ExpiredAccountIsDisabled)
{
    ASSERT_TRUE(ScopedSystemUser::run(std::string("chage -E 0 ") + kUser));
    PamPassdb db = passdb();
    const PassdbResult r = db.verify(request(kUser), kPassword);
    EXPECT_EQ(r.status, PassdbStatus::UserDisabled) << r.error;
    // A wrong password still says nothing about the account.
    EXPECT_EQ(db.verify(request(kUser), "wrong").status, PassdbStatus::PasswordMismatch);
}

TEST_F(PamPassdbTest, ExpiredAccountWithPlainStack)
{
    // Without pam_deny behind it pam_unix's own PAM_ACCT_EXPIRED reaches us.
    rewrite_service("auth required pam_unix.so\naccount required pam_unix.so\n");
    ASSERT_TRUE(ScopedSystemUser::run(std::string("chage -E 0 ") + kUser));
    PamPassdb db = passdb();
    const PassdbResult r = db.verify(request(kUser), kPassword);
    EXPECT_EQ(r.status, PassdbStatus::UserDisabled) << r.error;
    EXPECT_EQ(db.verify(request(kUser), "wrong").status, PassdbStatus::PasswordMismatch);
    EXPECT_EQ(db.verify(request("roost-no-such-user"), "wrong").status,
              PassdbStatus::PasswordMismatch);
}

TEST_F(PamPassdbTest, BrokenServiceIsTempFail)
{
    rewrite_service("auth required pam_roost_no_such_module.so\naccount required pam_unix.so\n");
    ::testing::internal::CaptureStderr();
    const PassdbResult r = passdb().verify(request(kUser), kPassword);
    ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(r.status, PassdbStatus::TempFail) << r.error;
    EXPECT_NE(r.error.find("pam_authenticate(roost-test)"), std::string::npos) << r.error;
}

TEST_F(PamPassdbTest, PasswordChangeRequiredIsDisabled)
{
    ASSERT_TRUE(ScopedSystemUser::run(std::string("chage -d 0 ") + kUser));
    const PassdbResult r = passdb().verify(request(kUser), kPassword);
    EXPECT_EQ(r.status, PassdbStatus::UserDisabled) << r.error;
}

TEST_F(PamPassdbTest, FailureShowMsgGivesReason)
{
    const PassdbResult r =
        passdb(std::string("failure_show_msg=yes ") + kService).verify(request(kUser), "wrong");
    EXPECT_EQ(r.status, PassdbStatus::PasswordMismatch);
    EXPECT_TRUE(field_value(r.extra, "reason").has_value());
    const PassdbResult quiet = passdb().verify(request(kUser), "wrong");
    EXPECT_FALSE(field_value(quiet.extra, "reason").has_value());
}

TEST_F(PamPassdbTest, SessionAndCredentials)
{
    const PassdbResult r = passdb(std::string("session=yes setcred=yes ") + kService)
                               .verify(request(kUser), kPassword);
    EXPECT_EQ(r.status, PassdbStatus::Ok) << r.error;
}

}  // namespace
}  // namespace roost::auth
