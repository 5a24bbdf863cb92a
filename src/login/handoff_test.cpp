// The hand-off line survives a round trip with any bytes in it, and bad lines are refused.
#include "login/handoff.hpp"

#include <gtest/gtest.h>

namespace roost::login {
namespace {

TEST(Handoff, RoundTripKeepsEveryField)
{
    Handoff h;
    h.protocol = "imap";
    h.login_pid = 4242;
    h.auth_id = 7;
    h.cookie = "0123456789abcdef0123456789abcdef";
    h.local_ip = "::1";
    h.remote_ip = "127.0.0.2";
    h.local_port = 993;
    h.remote_port = 50123;
    h.tls = true;
    h.secured = true;
    h.session = "s\tweird";
    h.tag = "a001";
    h.helo = "client\texample";
    h.pending_input = std::string("a2 SELECT INBOX\r\n\0\xff", 20);
    const std::string line = format_handoff(h);
    ASSERT_EQ(line.back(), '\n');
    ASSERT_EQ(line.find('\n'), line.size() - 1);
    auto back = parse_handoff(line.substr(0, line.size() - 1));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->protocol, "imap");
    EXPECT_EQ(back->login_pid, 4242u);
    EXPECT_EQ(back->auth_id, 7u);
    EXPECT_EQ(back->cookie, h.cookie);
    EXPECT_EQ(back->local_ip, "::1");
    EXPECT_EQ(back->remote_port, 50123u);
    EXPECT_TRUE(back->tls);
    EXPECT_TRUE(back->secured);
    EXPECT_EQ(back->session, "s\tweird");
    EXPECT_EQ(back->tag, "a001");
    EXPECT_EQ(back->helo, "client\texample");
    EXPECT_EQ(back->pending_input, h.pending_input);
}

TEST(Handoff, RequiredFieldsAndBadNumbers)
{
    EXPECT_FALSE(parse_handoff("protocol=imap\tlogin_pid=1\tauth_id=2"));  // no cookie
    EXPECT_FALSE(parse_handoff("protocol=imap\tlogin_pid=x\tauth_id=2\tcookie=c"));
    EXPECT_FALSE(parse_handoff("protocol=imap\tlogin_pid=1\tauth_id=2\tcookie=c\tinput=!!"));
    EXPECT_FALSE(parse_handoff(""));
    auto ok = parse_handoff("protocol=pop3\tlogin_pid=1\tauth_id=2\tcookie=c\tfuture=1");
    ASSERT_TRUE(ok);
    EXPECT_FALSE(ok->tls);
    EXPECT_TRUE(ok->pending_input.empty());
}

TEST(Handoff, Replies)
{
    EXPECT_EQ(format_handoff_reply({true, {}}), "OK\n");
    auto fail = parse_handoff_reply("FAIL\tuser's uid 0 is below first_valid_uid");
    ASSERT_TRUE(fail);
    EXPECT_FALSE(fail->ok);
    EXPECT_EQ(fail->reason, "user's uid 0 is below first_valid_uid");
    const std::string line = format_handoff_reply({false, "a\tb"});
    auto back = parse_handoff_reply(line.substr(0, line.size() - 1));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->reason, "a\tb");
    EXPECT_FALSE(back->limit_reached);
    EXPECT_TRUE(parse_handoff_reply("OK")->ok);
    EXPECT_FALSE(parse_handoff_reply("MAYBE"));
    const std::string limit = format_handoff_reply({false, "too many", true});
    EXPECT_EQ(limit, "FAIL\ttoo many\tlimit\n");
    EXPECT_TRUE(parse_handoff_reply(limit.substr(0, limit.size() - 1))->limit_reached);
}

}  // namespace
}  // namespace roost::login
