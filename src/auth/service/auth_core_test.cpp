// AuthCore's decisions, with in-memory databases and libsasl2's real mechanisms.
#include "auth/service/auth_core.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"

namespace roost::auth {
namespace {

class FakePassdb : public Passdb {
public:
    std::map<std::string, std::pair<std::string, std::string>> users;  // user -> (stored, extra fields)
    bool broken = false;
    std::string_view driver() const override { return "fake"; }
    PassdbResult lookup(const RequestInfo& request) override
    {
        PassdbResult r;
        r.user = request.user;
        if (broken) {
            r.status = PassdbStatus::TempFail;
            r.error = "fake backend down";
            return r;
        }
        const auto it = users.find(request.user);
        if (it == users.end()) {
            r.status = PassdbStatus::UserUnknown;
            return r;
        }
        r.status = PassdbStatus::Ok;
        r.password = it->second.first;
        r.default_scheme = "PLAIN";
        r.extra = parse_field_list(it->second.second);
        return r;
    }
};

class FakeUserdb : public Userdb {
public:
    std::string_view driver() const override { return "fake"; }
    UserdbResult lookup(const RequestInfo& request, const Fields&) override
    {
        UserdbResult r;
        r.user = request.user;
        if (request.user == "nobody") {
            r.status = UserdbStatus::UserUnknown;
            return r;
        }
        r.status = UserdbStatus::Ok;
        r.fields = parse_field_list("uid=1000 gid=1000 home=/srv/mail/" + request.user);
        return r;
    }
    bool iterate(const std::function<void(const std::string&)>& each) override
    {
        each("alice");
        each("bob");
        return true;
    }
};

PasswordCheck plain_only(std::string_view password, std::string_view stored, std::string_view, std::string_view)
{
    if (stored.substr(0, 7) != "{PLAIN}") {
        return PasswordCheck::Unusable;
    }
    return stored.substr(7) == password ? PasswordCheck::Match : PasswordCheck::Mismatch;
}

class AuthCoreTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto engine = SaslEngine::init({"plain", "login", "scram-sha-256", "anonymous"});
        ASSERT_TRUE(engine.ok()) << engine.error().message;
        auto passdb = std::make_unique<FakePassdb>();
        passdb_ = passdb.get();
        passdb_->users = {{"alice", {"{PLAIN}secret", "userdb_quota_rule=*:storage=1G"}},
                          {"carol", {"{PLAIN}pw", "nologin reason=Moved"}},
                          {"dave", {"{PLAIN}pw", "allow_nets=192.0.2.0/24"}}};
        std::vector<PassdbChain::Entry> passdbs;
        passdbs.push_back({std::move(passdb), DbSettings{}});
        std::vector<UserdbChain::Entry> userdbs;
        userdbs.push_back({std::make_unique<FakeUserdb>(), DbSettings{}});
        AuthSettings s;
        s.mechanisms = {"plain", "login", "scram-sha-256", "anonymous"};
        core_ = std::make_unique<AuthCore>(s, **engine, PassdbChain(std::move(passdbs), plain_only),
                                           UserdbChain(std::move(userdbs)));
        client_ = ClientIdentity{1, 4242, "cookie0123456789"};
    }

    AuthOutcome plain(std::uint32_t id, const std::string& user, const std::string& pass, bool secured = true,
                      const std::string& rip = "10.0.0.5")
    {
        proto::AuthCommand c;
        c.id = id;
        c.mechanism = "PLAIN";
        c.service = "imap";
        c.secured = secured;
        c.remote_ip = rip;
        c.local_ip = "10.0.0.1";
        return core_->start(client_, c, std::string("\0", 1) + user + std::string("\0", 1) + pass);
    }

    FakePassdb* passdb_ = nullptr;
    std::unique_ptr<AuthCore> core_;
    ClientIdentity client_;
};

TEST_F(AuthCoreTest, PlainLoginSucceedsAndCarriesNoInternalFields)
{
    const AuthOutcome o = plain(1, "alice", "secret");
    ASSERT_EQ(o.kind, AuthOutcome::Kind::Ok) << o.log;
    EXPECT_EQ(field_value(o.reply, "user"), "alice");
    EXPECT_EQ(find_field(o.reply, "userdb_quota_rule"), nullptr);
}

TEST_F(AuthCoreTest, WrongPasswordIsDelayedPenalizedAndEchoesTheUser)
{
    const AuthOutcome o = plain(2, "alice", "nope");
    ASSERT_EQ(o.kind, AuthOutcome::Kind::Fail);
    EXPECT_TRUE(o.delay);
    EXPECT_TRUE(o.penalize);
    EXPECT_EQ(field_value(o.reply, "user"), "alice");
    EXPECT_EQ(find_field(o.reply, "reason"), nullptr);  // never tells which part was wrong
    const AuthOutcome unknown = plain(3, "zed", "x");
    ASSERT_EQ(unknown.kind, AuthOutcome::Kind::Fail);
    EXPECT_EQ(find_field(unknown.reply, "reason"), nullptr);
}

TEST_F(AuthCoreTest, PlaintextNeedsTlsExceptFromThisHost)
{
    const AuthOutcome o = plain(4, "alice", "secret", false);
    ASSERT_EQ(o.kind, AuthOutcome::Kind::Fail);
    EXPECT_EQ(field_value(o.reply, "reason"), "Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
    EXPECT_EQ(plain(5, "alice", "secret", false, "127.0.0.1").kind, AuthOutcome::Kind::Ok);
    EXPECT_EQ(plain(6, "alice", "secret", false, "10.0.0.1").kind, AuthOutcome::Kind::Ok);  // rip == lip
}

TEST_F(AuthCoreTest, NologinAndAllowNets)
{
    const AuthOutcome n = plain(7, "carol", "pw");
    ASSERT_EQ(n.kind, AuthOutcome::Kind::Fail);
    EXPECT_EQ(field_value(n.reply, "reason"), "Moved");
    EXPECT_NE(find_field(n.reply, "nologin"), nullptr);
    EXPECT_EQ(plain(8, "dave", "pw").kind, AuthOutcome::Kind::Fail);
    EXPECT_EQ(plain(9, "dave", "pw", true, "192.0.2.9").kind, AuthOutcome::Kind::Ok);
}

TEST_F(AuthCoreTest, BackendFailureIsTemporaryAndNotDelayed)
{
    passdb_->broken = true;
    const AuthOutcome o = plain(10, "alice", "secret");
    ASSERT_EQ(o.kind, AuthOutcome::Kind::Fail);
    EXPECT_NE(find_field(o.reply, "temp"), nullptr);
    EXPECT_FALSE(o.delay);
}

TEST_F(AuthCoreTest, UnknownMechanismAndDuplicateIds)
{
    proto::AuthCommand c;
    c.id = 11;
    c.mechanism = "DIGEST-MD5";
    c.service = "imap";
    c.secured = true;
    EXPECT_EQ(field_value(core_->start(client_, c, std::nullopt).reply, "reason"), "Unsupported authentication mechanism.");
    c.mechanism = "LOGIN";
    ASSERT_EQ(core_->start(client_, c, std::nullopt).kind, AuthOutcome::Kind::Continue);
    EXPECT_EQ(core_->start(client_, c, std::nullopt).kind, AuthOutcome::Kind::Fail);
}

TEST_F(AuthCoreTest, LoginMechanismStepsThroughContinuations)
{
    proto::AuthCommand c;
    c.id = 12;
    c.mechanism = "LOGIN";
    c.service = "smtp";
    c.secured = true;
    AuthOutcome o = core_->start(client_, c, std::nullopt);
    ASSERT_EQ(o.kind, AuthOutcome::Kind::Continue);
    EXPECT_EQ(o.challenge, "Username:");
    o = *core_->proceed(client_, 12, "alice");
    ASSERT_EQ(o.kind, AuthOutcome::Kind::Continue);
    EXPECT_EQ(o.challenge, "Password:");
    o = *core_->proceed(client_, 12, "secret");
    EXPECT_EQ(o.kind, AuthOutcome::Kind::Ok);
    EXPECT_FALSE(core_->proceed(client_, 12, "more").has_value());  // finished: no such request
}

TEST_F(AuthCoreTest, FinishedLoginIsHandedToTheMasterOnceWithTheRightCookie)
{
    ASSERT_EQ(plain(13, "alice", "secret").kind, AuthOutcome::Kind::Ok);
    const auto wrong = core_->login(proto::LoginRequest{1, 4242, 13, "wrongcookie00000", {}});
    EXPECT_TRUE(std::holds_alternative<proto::MasterFail>(wrong));
    const auto right = core_->login(proto::LoginRequest{2, 4242, 13, client_.cookie, {}});
    ASSERT_TRUE(std::holds_alternative<proto::UserFound>(right));
    const auto& found = std::get<proto::UserFound>(right);
    EXPECT_EQ(found.user, "alice");
    EXPECT_EQ(field_value(found.fields, "home"), "/srv/mail/alice");
    EXPECT_EQ(field_value(found.fields, "quota_rule"), "*:storage=1G");  // from userdb_ passdb field
    const auto again = core_->login(proto::LoginRequest{3, 4242, 13, client_.cookie, {}});
    EXPECT_TRUE(std::holds_alternative<proto::MasterFail>(again));
}

TEST_F(AuthCoreTest, UserAndPassLookups)
{
    const auto u = core_->user(proto::UserLookup{1, "Alice", {{"service", "lda", true}}});
    ASSERT_TRUE(std::holds_alternative<proto::UserFound>(u));
    EXPECT_EQ(std::get<proto::UserFound>(u).user, "alice");  // auth_username_format %Lu
    EXPECT_TRUE(std::holds_alternative<proto::NotFound>(core_->user(proto::UserLookup{2, "nobody", {}})));
    const auto p = core_->pass(proto::PassLookup{3, "alice", {}});
    ASSERT_TRUE(std::holds_alternative<proto::PassFound>(p));
    EXPECT_EQ(find_field(std::get<proto::PassFound>(p).fields, "password"), nullptr);
    EXPECT_TRUE(std::holds_alternative<proto::NotFound>(core_->pass(proto::PassLookup{4, "zed", {}})));
    bool complete = false;
    EXPECT_EQ(core_->list_users(complete), (std::vector<std::string>{"alice", "bob"}));
    EXPECT_TRUE(complete);
}

TEST_F(AuthCoreTest, AnonymousLogsInAsTheConfiguredUser)
{
    proto::AuthCommand c;
    c.id = 14;
    c.mechanism = "ANONYMOUS";
    c.service = "imap";
    c.secured = true;
    const AuthOutcome o = core_->start(client_, c, std::string("trace@example.org"));
    ASSERT_EQ(o.kind, AuthOutcome::Kind::Ok) << o.log;
    EXPECT_EQ(field_value(o.reply, "user"), "anonymous");
}

}  // namespace
}  // namespace roost::auth
