#include "auth/db/request_vars.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

RequestInfo sample()
{
    RequestInfo r;
    r.user = "alice@example.org";
    r.service = "imap";
    r.mechanism = "PLAIN";
    r.local_ip = "192.0.2.1";
    r.remote_ip = "198.51.100.7";
    r.local_port = 993;
    r.remote_port = 50123;
    r.secured = true;
    r.valid_client_cert = true;
    r.session = "sess42";
    return r;
}

std::string expand(std::string_view text, const RequestInfo& r = sample())
{
    auto out = config::expand_variables(text, request_variables(r));
    return out ? *out : "ERROR: " + out.error().message;
}

TEST(RequestVars, Letters)
{
    EXPECT_EQ(expand("%u|%n|%d|%s"), "alice@example.org|alice|example.org|imap");
    EXPECT_EQ(expand("%l:%a %r:%b"), "192.0.2.1:993 198.51.100.7:50123");
    EXPECT_EQ(expand("%m %c %k"), "PLAIN secured valid");
    EXPECT_EQ(expand("/srv/mail/%Ld/%Ln"), "/srv/mail/example.org/alice");
}

TEST(RequestVars, LongNames)
{
    EXPECT_EQ(expand("%{user} %{username} %{domain} %{service}"),
              "alice@example.org alice example.org imap");
    EXPECT_EQ(expand("%{lip} %{rip} %{lport} %{rport} %{session}"),
              "192.0.2.1 198.51.100.7 993 50123 sess42");
    EXPECT_EQ(expand("%{mech} %{secured} %{cert}"), "PLAIN secured valid");
    EXPECT_EQ(expand("%{real_rip} %{orig_user} %{auth_username} %{auth_domain}"),
              "198.51.100.7 alice@example.org alice example.org");
}

TEST(RequestVars, UserWithoutDomainAndInsecureRequest)
{
    RequestInfo r;
    r.user = "bob";
    EXPECT_EQ(expand("[%u][%n][%d][%c][%k][%a][%s]", r), "[bob][bob][][][][][]");
}

TEST(RequestVars, DomainFirstAndLast)
{
    RequestInfo r;
    r.user = "carol@first.example@last.example";
    EXPECT_EQ(expand("%n|%d|%{domain_first}|%{domain_last}", r),
              "carol|first.example@last.example|first.example|last.example");
    r.user = "carol@one.example";
    EXPECT_EQ(expand("%{domain_first}|%{domain_last}", r), "one.example|");
}

TEST(RequestVars, UnknownValuesAreErrors)
{
    EXPECT_EQ(expand("%h"), "ERROR: Unknown variable %{home}");
    EXPECT_EQ(expand("%w").substr(0, 6), "ERROR:");
    // No hash function yet: the crypto library provides one later.
    EXPECT_EQ(expand("%{md5:user}").substr(0, 6), "ERROR:");
}

TEST(RequestVars, HasVariables)
{
    EXPECT_TRUE(has_variables("/etc/auth/%d/passwd"));
    EXPECT_TRUE(has_variables("%{domain}"));
    EXPECT_FALSE(has_variables("/etc/auth/passwd"));
    EXPECT_FALSE(has_variables("100%% sure"));
    EXPECT_TRUE(has_variables("100%%%u"));
}

TEST(RequestVars, ExpandFieldValues)
{
    const Fields in = parse_field_list("nologin home=/srv/%d/%n mail=maildir:~/Maildir");
    auto out = expand_field_values(in, request_variables(sample()));
    ASSERT_TRUE(out.ok()) << out.error().message;
    ASSERT_EQ(out->size(), 3u);
    EXPECT_FALSE((*out)[0].has_value);
    EXPECT_EQ((*out)[1].value, "/srv/example.org/alice");
    EXPECT_EQ((*out)[2].value, "maildir:~/Maildir");
    auto bad = expand_field_values(parse_field_list("home=/srv/%z"), request_variables(sample()));
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("home=/srv/%z"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace roost::auth
