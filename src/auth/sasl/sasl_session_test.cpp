// Runs every mechanism against libsasl2's client side, in process, with an in-memory passdb.
#include "auth/sasl/sasl_session.hpp"

#include <gtest/gtest.h>
#include <sasl/sasl.h>

#include <cstdlib>
#include <cstring>
#include <map>

#include "auth/proto/apop.hpp"
#include "auth/sasl/sasl_engine.hpp"
#include "auth/sasl/sasl_glue.hpp"

namespace roost::auth {
namespace {

// SCRAM secrets for password "secret", salt "roostsalt1234567", 4096 rounds, in Dovecot's form
// (computed independently with Python's hashlib).
constexpr const char* kScram1 = "{SCRAM-SHA-1}4096,cm9vc3RzYWx0MTIzNDU2Nw==,se5ykFK8HRtT5L5OJqGlZs6H3qY=,Hd4nuL7KfFjHfriBXUHSbKD62RQ=";
constexpr const char* kScram256 = "{SCRAM-SHA-256}4096,cm9vc3RzYWx0MTIzNDU2Nw==,PVyTKaD7ih9noVisOJF1P8vuvc3FlE6gMVREfH3hyik=,8FQlGcQ/sqqR34lCNMQgHt+n9LWfkUdaM/U6oUhj6T0=";

class MemorySource : public CredentialSource {
public:
    std::map<std::string, std::string> stored;  // user -> {SCHEME}secret
    bool broken = false;
    int verifies = 0;

    PassdbResult verify_plain(const std::string& user, std::string_view password) override
    {
        ++verifies;
        PassdbResult r = credentials(user);
        if (r.status == PassdbStatus::Ok) {
            std::string clear;
            const bool ok = sasl_glue::cleartext_of(r.password, "PLAIN", clear) && clear == password;
            r.status = ok ? PassdbStatus::Ok : PassdbStatus::PasswordMismatch;
        }
        return r;
    }
    PassdbResult credentials(const std::string& user) override
    {
        PassdbResult r;
        if (broken) {
            r.status = PassdbStatus::TempFail;
            r.error = "backend down";
            return r;
        }
        const auto it = stored.find(user);
        if (it == stored.end()) {
            r.status = PassdbStatus::UserUnknown;
            return r;
        }
        r.status = PassdbStatus::Ok;
        r.user = user;
        r.password = it->second;
        r.default_scheme = "PLAIN";
        r.extra = parse_field_list("userdb_home=/srv/" + user);
        return r;
    }
};

// libsasl2's client half, as an independent peer.
struct Client {
    std::string user;
    std::string password;
    sasl_conn_t* conn = nullptr;
    sasl_secret_t* secret = nullptr;
    sasl_callback_t callbacks[4];

    static int simple(void* ctx, int, const char** result, unsigned* len)
    {
        auto* c = static_cast<Client*>(ctx);
        *result = c->user.c_str();
        if (len != nullptr) {
            *len = static_cast<unsigned>(c->user.size());
        }
        return SASL_OK;
    }
    static int pass(sasl_conn_t*, void* ctx, int, sasl_secret_t** out)
    {
        auto* c = static_cast<Client*>(ctx);
        *out = c->secret;
        return SASL_OK;
    }
    Client(std::string u, std::string p) : user(std::move(u)), password(std::move(p))
    {
        secret = static_cast<sasl_secret_t*>(std::malloc(sizeof(sasl_secret_t) + password.size()));
        secret->len = password.size();
        std::memcpy(secret->data, password.data(), password.size());
        callbacks[0] = {SASL_CB_AUTHNAME, sasl_glue::callback(simple), this};
        callbacks[1] = {SASL_CB_USER, sasl_glue::callback(simple), this};
        callbacks[2] = {SASL_CB_PASS, sasl_glue::callback(pass), this};
        callbacks[3] = {SASL_CB_LIST_END, nullptr, nullptr};
        sasl_client_init(nullptr);
        sasl_client_new("imap", "localhost", nullptr, nullptr, callbacks, 0, &conn);
        sasl_security_properties_t props{};
        sasl_setprop(conn, SASL_SEC_PROPS, &props);
    }
    ~Client()
    {
        sasl_dispose(&conn);
        std::free(secret);
    }
};

SaslStep run(const std::string& mech, const std::string& user, const std::string& password, MemorySource& source)
{
    Client client(user, password);
    const char* out = nullptr;
    unsigned out_len = 0;
    const char* chosen = nullptr;
    const int rc = sasl_client_start(client.conn, mech.c_str(), nullptr, &out, &out_len, &chosen);
    EXPECT_TRUE(rc == SASL_OK || rc == SASL_CONTINUE) << sasl_errdetail(client.conn);
    auto session = SaslSession::start(RequestInfo{.service = "imap"}, mech, "", source);
    EXPECT_TRUE(session.ok());
    std::optional<std::string> data;
    if (out != nullptr) {
        data = std::string(out, out_len);
    }
    SaslStep step = (*session)->step(data);
    for (int i = 0; i < 10 && step.kind == SaslStep::Kind::Continue; ++i) {
        const int crc = sasl_client_step(client.conn, step.challenge.data(), static_cast<unsigned>(step.challenge.size()),
                                         nullptr, &out, &out_len);
        if (crc != SASL_OK && crc != SASL_CONTINUE) {
            ADD_FAILURE() << mech << ": client step failed: " << sasl_errdetail(client.conn);
            break;
        }
        step = (*session)->step(std::string(out != nullptr ? out : "", out_len));
    }
    return step;
}

class SaslSessionTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        auto engine = SaslEngine::init({"plain", "login", "cram-md5", "scram-sha-1", "scram-sha-256", "apop"});
        ASSERT_TRUE(engine.ok()) << engine.error().message;
    }
    MemorySource source_;
};

TEST_F(SaslSessionTest, EveryMechanismAuthenticatesWithTheRightPassword)
{
    source_.stored = {{"alice", "{PLAIN}secret"}};
    for (const char* mech : {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"}) {
        const SaslStep s = run(mech, "alice", "secret", source_);
        EXPECT_EQ(s.kind, SaslStep::Kind::Success) << mech << ": " << s.reason;
        EXPECT_EQ(s.user, "alice") << mech;
        EXPECT_EQ(field_value(s.fields, "userdb_home"), "/srv/alice") << mech;
    }
}

TEST_F(SaslSessionTest, WrongPasswordFailsAndSaysTheUserExisted)
{
    source_.stored = {{"alice", "{PLAIN}secret"}};
    for (const char* mech : {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"}) {
        const SaslStep s = run(mech, "alice", "wrong", source_);
        EXPECT_EQ(s.kind, SaslStep::Kind::Failure) << mech;
        EXPECT_TRUE(s.user_known) << mech;
    }
}

TEST_F(SaslSessionTest, UnknownUserFails)
{
    for (const char* mech : {"PLAIN", "CRAM-MD5", "SCRAM-SHA-256"}) {
        const SaslStep s = run(mech, "nobody", "secret", source_);
        EXPECT_EQ(s.kind, SaslStep::Kind::Failure) << mech;
        EXPECT_FALSE(s.user_known) << mech;
    }
}

TEST_F(SaslSessionTest, ScramWorksFromStoredKeysWithoutTheCleartext)
{
    source_.stored = {{"bob", kScram256}, {"carol", kScram1}};
    EXPECT_EQ(run("SCRAM-SHA-256", "bob", "secret", source_).kind, SaslStep::Kind::Success);
    EXPECT_EQ(run("SCRAM-SHA-256", "bob", "nope", source_).kind, SaslStep::Kind::Failure);
    EXPECT_EQ(run("SCRAM-SHA-1", "carol", "secret", source_).kind, SaslStep::Kind::Success);
    // A SHA-1 secret cannot serve SHA-256, and a hash cannot serve CRAM-MD5.
    EXPECT_EQ(run("SCRAM-SHA-256", "carol", "secret", source_).kind, SaslStep::Kind::Failure);
    EXPECT_EQ(run("CRAM-MD5", "bob", "secret", source_).kind, SaslStep::Kind::Failure);
}

TEST_F(SaslSessionTest, BrokenBackendIsATemporaryFailure)
{
    source_.broken = true;
    for (const char* mech : {"PLAIN", "SCRAM-SHA-256"}) {
        const SaslStep s = run(mech, "alice", "secret", source_);
        EXPECT_EQ(s.kind, SaslStep::Kind::TempFailure) << mech;
        EXPECT_EQ(s.reason, "backend down") << mech;
    }
}

// One APOP step as pop3-login sends it, from login process `pid`.
SaslStep apop(const std::string& user, const std::string& password, CredentialSource& source, std::uint32_t pid = 4242,
              std::time_t made = std::time(nullptr))
{
    const std::string challenge = proto::make_apop_challenge(4242, 7, made, "mail.example.com");
    auto session = SaslSession::start(RequestInfo{.service = "pop3", .client_pid = pid}, "APOP", "", source);
    EXPECT_TRUE(session.ok());
    return (*session)->step(challenge + std::string(1, '\0') + user + std::string(1, '\0') +
                            proto::apop_digest(challenge, password));
}

TEST_F(SaslSessionTest, ApopAuthenticatesFromACleartextPassword)
{
    source_.stored = {{"alice", "{PLAIN}secret"}, {"bob", "{SHA256-CRYPT}$5$x$y"}};
    const SaslStep ok = apop("alice", "secret", source_);
    EXPECT_EQ(ok.kind, SaslStep::Kind::Success) << ok.reason;
    EXPECT_EQ(ok.user, "alice");
    EXPECT_EQ(field_value(ok.fields, "userdb_home"), "/srv/alice");

    const SaslStep wrong = apop("alice", "wrong", source_);
    EXPECT_EQ(wrong.kind, SaslStep::Kind::Failure);
    EXPECT_TRUE(wrong.user_known);
    EXPECT_FALSE(apop("nobody", "secret", source_).user_known);
    // A hashed password cannot serve APOP.
    EXPECT_EQ(apop("bob", "secret", source_).kind, SaslStep::Kind::Failure);
}

TEST_F(SaslSessionTest, ApopRefusesChallengesOfOtherProcessesAndOldOnes)
{
    source_.stored = {{"alice", "{PLAIN}secret"}};
    EXPECT_EQ(apop("alice", "secret", source_, 4243).kind, SaslStep::Kind::Failure);
    EXPECT_EQ(apop("alice", "secret", source_, 4242, std::time(nullptr) - 3600).kind, SaslStep::Kind::Failure);
    source_.broken = true;
    EXPECT_EQ(apop("alice", "secret", source_).kind, SaslStep::Kind::TempFailure);
}

TEST_F(SaslSessionTest, MalformedExchangesFailCleanly)
{
    source_.stored = {{"alice", "{PLAIN}secret"}};
    for (const std::string& junk : {std::string(""), std::string("no-nuls"), std::string("\0\0\0", 3),
                                    std::string(5000, 'x')}) {
        auto plain = SaslSession::start(RequestInfo{.service = "imap"}, "PLAIN", "", source_);
        ASSERT_TRUE(plain.ok());
        EXPECT_NE((*plain)->step(junk).kind, SaslStep::Kind::Success);
        auto apop_session = SaslSession::start(RequestInfo{.service = "pop3"}, "APOP", "", source_);
        ASSERT_TRUE(apop_session.ok());
        EXPECT_NE((*apop_session)->step(junk).kind, SaslStep::Kind::Success);
        auto scram = SaslSession::start(RequestInfo{.service = "imap"}, "SCRAM-SHA-256", "", source_);
        ASSERT_TRUE(scram.ok());
        EXPECT_NE((*scram)->step(junk).kind, SaslStep::Kind::Success);
    }
}

TEST(SaslGlue, StoredSecretConversions)
{
    EXPECT_EQ(sasl_glue::scram_auth_password(kScram256),
              "SCRAM-SHA-256$4096:cm9vc3RzYWx0MTIzNDU2Nw==$PVyTKaD7ih9noVisOJF1P8vuvc3FlE6gMVREfH3hyik=:"
              "8FQlGcQ/sqqR34lCNMQgHt+n9LWfkUdaM/U6oUhj6T0=");
    // Keys of the wrong size for the digest are refused, not passed on to libsasl2.
    EXPECT_EQ(sasl_glue::scram_auth_password("{SCRAM-SHA-256}4096,c2FsdA==,c3RvcmVk,c2VydmVy"), "");
    EXPECT_EQ(sasl_glue::scram_auth_password("{SHA512-CRYPT}$6$x$y"), "");
    EXPECT_EQ(sasl_glue::scram_auth_password("{SCRAM-SHA-1}broken"), "");
    std::string clear;
    EXPECT_TRUE(sasl_glue::cleartext_of("{PLAIN}pw", "CRYPT", clear));
    EXPECT_EQ(clear, "pw");
    EXPECT_TRUE(sasl_glue::cleartext_of("bare", "PLAIN", clear));
    EXPECT_EQ(clear, "bare");
    EXPECT_FALSE(sasl_glue::cleartext_of("bare", "CRYPT", clear));
    EXPECT_FALSE(sasl_glue::cleartext_of("{SHA256}x", "PLAIN", clear));
    EXPECT_TRUE(sasl_glue::cleartext_of("{PLAIN.B64}cHc=", "CRYPT", clear));
    EXPECT_EQ(clear, "pw");
    EXPECT_FALSE(sasl_glue::cleartext_of("{PLAIN-TRUNC}8-password", "CRYPT", clear));  // a prefix only
}

TEST(SaslEngine, UnknownMechanismIsAnError)
{
    auto e = SaslEngine::init({"plain", "gssapi"});
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().message.find("gssapi"), std::string::npos);
}

}  // namespace
}  // namespace roost::auth
