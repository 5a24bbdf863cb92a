#include <gtest/gtest.h>

#include "auth/proto/client_commands.hpp"
#include "auth/proto/master_commands.hpp"
#include "auth/proto/server_replies.hpp"

namespace roost::auth::proto {
namespace {

// A copy of the parsed alternative (the Result is a temporary); a default T when parsing failed.
template <class T, class V>
T as(const Result<V>& r)
{
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (!r.ok() || !std::holds_alternative<T>(*r)) {
        ADD_FAILURE() << "unexpected result type";
        return T{};
    }
    return std::get<T>(*r);
}

TEST(AuthProtoFields, TabEscapingRoundTrips)
{
    const std::string nasty = "a\tb\nc\rd\001e";
    EXPECT_EQ(escape_field(nasty), "a\001tb\001nc\001rd\0011e");
    const auto fields = split_fields("X\t" + escape_field(nasty) + "\t\tlast");
    ASSERT_EQ(fields.size(), 4u);
    EXPECT_EQ(fields[1], nasty);
    EXPECT_EQ(fields[2], "");
    EXPECT_EQ(make_line({"A", "b\tc"}), "A\tb\001tc\n");
}

TEST(AuthProtoClient, AuthAsPostfixSendsIt)
{
    // The observed Postfix/Dovecot line from the reference notes.
    const auto r = parse_client_command(
        "AUTH\t1\tPLAIN\tservice=smtp\tnopenalty\tsecured\tlip=127.0.0.1\trip=10.0.0.5\tlport=25\trport=40000\tresp=AGFsaWNlAHNlY3JldA==");
    const auto a = as<AuthCommand>(r);
    EXPECT_EQ(a.id, 1u);
    EXPECT_EQ(a.mechanism, "PLAIN");
    EXPECT_EQ(a.service, "smtp");
    EXPECT_TRUE(a.secured);
    EXPECT_FALSE(a.valid_client_cert);
    EXPECT_EQ(a.local_ip, "127.0.0.1");
    EXPECT_EQ(a.remote_ip, "10.0.0.5");
    EXPECT_EQ(a.local_port, 25u);
    EXPECT_EQ(a.remote_port, 40000u);
    ASSERT_TRUE(a.initial_response.has_value());
    EXPECT_EQ(*a.initial_response, "AGFsaWNlAHNlY3JldA==");
    ASSERT_EQ(a.other.size(), 1u);  // unknown parameters are kept, not refused
    EXPECT_EQ(a.other[0].key, "nopenalty");
}

TEST(AuthProtoClient, RespIsLastAndMayBeEmpty)
{
    const auto a = as<AuthCommand>(parse_client_command("AUTH\t7\tPLAIN\tservice=imap\tresp=\tsecured"));
    ASSERT_TRUE(a.initial_response.has_value());
    EXPECT_EQ(*a.initial_response, "");
    EXPECT_FALSE(a.secured);  // after resp=, everything is ignored
    const auto b = as<AuthCommand>(parse_client_command("AUTH\t8\tLOGIN\tservice=imap"));
    EXPECT_FALSE(b.initial_response.has_value());
}

TEST(AuthProtoClient, BadLinesAreErrorsNotCrashes)
{
    for (const char* line : {"AUTH", "AUTH\tx\tPLAIN\tservice=imap", "AUTH\t1\t\tservice=imap", "AUTH\t1\tPLAIN",
                             "AUTH\t4294967296\tPLAIN\tservice=imap", "AUTH\t1\tPLAIN\tservice=imap\tlport=70000",
                             "CONT\t1", "CONT\t-1\tabc", "VERSION\t1", "CPID", "BOGUS\t1", ""}) {
        const auto r = parse_client_command(line);
        EXPECT_FALSE(r.ok()) << line;
    }
    EXPECT_NE(parse_client_command("FROB\tx").error().message.find("Unknown command: FROB"), std::string::npos);
}

TEST(AuthProtoClient, FormatParsesBack)
{
    AuthCommand a;
    a.id = 42;
    a.mechanism = "SCRAM-SHA-256";
    a.service = "imap";
    a.session = "abc";
    a.remote_ip = "::1";
    a.remote_port = 143;
    a.secured = true;
    a.valid_client_cert = true;
    a.initial_response = "eyJ4IjoxfQ==";
    const std::string line = format(a);
    EXPECT_EQ(line.back(), '\n');
    const auto b = as<AuthCommand>(parse_client_command(line.substr(0, line.size() - 1)));
    EXPECT_EQ(b.id, 42u);
    EXPECT_EQ(b.mechanism, a.mechanism);
    EXPECT_EQ(b.session, "abc");
    EXPECT_EQ(b.remote_ip, "::1");
    EXPECT_EQ(b.remote_port, 143u);
    EXPECT_TRUE(b.secured && b.valid_client_cert);
    EXPECT_EQ(b.initial_response, a.initial_response);
    EXPECT_EQ(format(ContCommand{3, "abc="}), "CONT\t3\tabc=\n");
    EXPECT_EQ(format(Version{1, 2}), "VERSION\t1\t2\n");
    EXPECT_EQ(format(Cpid{99}), "CPID\t99\n");
}

TEST(AuthProtoMaster, Lookups)
{
    const auto u = as<UserLookup>(parse_master_command("USER\t1\talice@example.org\tservice=lda"));
    EXPECT_EQ(u.id, 1u);
    EXPECT_EQ(u.user, "alice@example.org");
    EXPECT_EQ(param_value(u.params, "service"), "lda");
    const auto p = as<PassLookup>(parse_master_command("PASS\t4\talice\tservice=imap"));
    EXPECT_EQ(p.user, "alice");
    const auto l = as<ListUsers>(parse_master_command("LIST\t6\tservice=doveadm"));
    EXPECT_EQ(l.id, 6u);
    const auto q = as<LoginRequest>(parse_master_command("REQUEST\t9\t4242\t7\tb5ce85fe\tsession_pid=1"));
    EXPECT_EQ(q.client_pid, 4242u);
    EXPECT_EQ(q.auth_id, 7u);
    EXPECT_EQ(q.cookie, "b5ce85fe");
    EXPECT_EQ(format(q), "REQUEST\t9\t4242\t7\tb5ce85fe\tsession_pid=1\n");
    for (const char* bad : {"USER\t1", "USER\tx\talice", "REQUEST\t1\t2\t3", "LIST", "NOPE\t1"}) {
        EXPECT_FALSE(parse_master_command(bad).ok()) << bad;
    }
}

TEST(AuthProtoReplies, HandshakeAndResults)
{
    EXPECT_EQ(as<Mech>(parse_client_reply("MECH\tCRAM-MD5\tdictionary\tactive")).flags,
              (std::vector<std::string>{"dictionary", "active"}));
    EXPECT_EQ(as<Spid>(parse_client_reply("SPID\t10131")).pid, 10131u);
    EXPECT_EQ(as<Cuid>(parse_client_reply("CUID\t7")).id, 7u);
    EXPECT_EQ(as<Cookie>(parse_client_reply("COOKIE\tb5ce85fe")).hex, "b5ce85fe");
    EXPECT_TRUE(std::holds_alternative<Done>(*parse_client_reply("DONE")));
    EXPECT_EQ(as<Cont>(parse_client_reply("CONT\t9\t")).data, "");
    const auto ok = as<Ok>(parse_client_reply("OK\t1\tuser=alice\tnologin\treason=Moved"));
    ASSERT_EQ(ok.params.size(), 3u);
    EXPECT_EQ(ok.params[0].value, "alice");
    EXPECT_FALSE(ok.params[1].has_value);
    const auto fail = as<Fail>(parse_client_reply("FAIL\t7\tuser=alice"));
    EXPECT_EQ(param_value(fail.params, "user"), "alice");
    EXPECT_FALSE(parse_client_reply("OK").ok());
    EXPECT_FALSE(parse_client_reply("WHAT\t1").ok());
}

TEST(AuthProtoReplies, MasterRepliesRoundTrip)
{
    const UserFound u{1, "alice", {{"uid", "104", true}, {"home", "/srv/mail/a\tb", true}}};
    const std::string line = format(u);
    const auto back = as<UserFound>(parse_master_reply(line.substr(0, line.size() - 1)));
    EXPECT_EQ(back.user, "alice");
    EXPECT_EQ(param_value(back.fields, "home"), "/srv/mail/a\tb");
    EXPECT_EQ(format(NotFound{3}), "NOTFOUND\t3\n");
    EXPECT_EQ(as<MasterFail>(parse_master_reply("FAIL\t5\treason=backend down")).reason, "backend down");
    EXPECT_EQ(as<ListUser>(parse_master_reply("LIST\t6\tbob")).user, "bob");
    EXPECT_FALSE(as<ListDone>(parse_master_reply("DONE\t6")).failed);
    EXPECT_TRUE(as<ListDone>(parse_master_reply("DONE\t6\tfail")).failed);
    EXPECT_EQ(as<PassFound>(parse_master_reply("PASS\t4\tuser=alice")).fields[0].value, "alice");
}

}  // namespace
}  // namespace roost::auth::proto
