// vacation (RFC 5230) and vacation-seconds (RFC 6131): the RFCs' examples, the response
// message, and every reason not to respond.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kToMe =
    make_message({"From: Friend <friend@example.org>", "To: Me <me@example.com>", "Subject: lunch?",
                  "Message-ID: <m1@example.org>", "References: <m0@example.org>"});

struct VacationHarness : Harness {
    VacationHarness() { envelope.from = "friend@example.org"; }
};

TEST(SieveVacation, Rfc5230Examples)
{
    VacationHarness h;
    const char* s1 = R"(require "vacation";
if header :contains "subject" "cyrus" {
    vacation "I'm out -- send mail to cyrus-bugs";
} else {
    vacation "I'm out -- call me at +1 304 555 0123";
})";
    auto o = h.run(s1, kToMe);
    ASSERT_NE(o.first<VacationAction>(), nullptr) << o.diagnostics << o.result.error;
    EXPECT_NE(o.first<VacationAction>()->message.find("call me at"), std::string::npos);
    EXPECT_EQ(o.actions(), (Actions{"vacation:friend@example.org", "keep:INBOX"}));

    const char* s2 = R"(require ["vacation", "variables"];
if header :matches "subject" "*" {
    vacation :subject "Automatic response to: ${1}"
             "I'm away -- send mail to foo in my absence";
})";
    o = h.run(s2, kToMe);
    ASSERT_NE(o.first<VacationAction>(), nullptr);
    EXPECT_EQ(o.first<VacationAction>()->subject, "Automatic response to: lunch?");

    const char* s3 = R"(require "vacation";
if header :contains "subject" "lunch" {
    vacation :handle "ran-away" "I'm out and can't meet for lunch";
} else {
    vacation :handle "ran-away" "I'm out";
})";
    o = h.run(s3, kToMe);
    ASSERT_NE(o.first<VacationAction>(), nullptr);
    EXPECT_EQ(o.first<VacationAction>()->handle, "ran-away");

    const char* s4 = R"(require "vacation";
vacation :mime text:
Content-Type: multipart/alternative; boundary=foo

--foo

I'm at the beach relaxing.  Mmmm, surf...

--foo
Content-Type: text/html; charset=us-ascii

<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN"
 "http://www.w3.org/TR/REC-html40/strict.dtd">
<HTML><HEAD><TITLE>How to relax</TITLE>
<BASE HREF="http://home.example.com/pictures/"></HEAD>
<BODY><P>I'm at the <A HREF="beach.gif">beach</A> relaxing.
Mmmm, <A HREF="ocean.gif">surf</A>...
</BODY></HTML>

--foo--
.
;)";
    o = h.run(s4, kToMe);
    ASSERT_NE(o.first<VacationAction>(), nullptr) << o.diagnostics;
    const std::string& mime = o.first<VacationAction>()->message;
    EXPECT_NE(
        mime.find("MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=foo\r\n"),
        std::string::npos);
    EXPECT_EQ(mime.find("text/plain"), std::string::npos);

    const char* s5 = R"(require "vacation";
vacation :days 23 :addresses ["tjs@example.edu",
                              "ts4z@landru.example.edu"]
   "I'm away until October 19.
   If it's an emergency, call 911, I guess." ;)";
    o = h.run(s5, make_message({"From: friend@example.org", "To: tjs@example.edu", "Subject: x"}));
    ASSERT_NE(o.first<VacationAction>(), nullptr);
    EXPECT_EQ(o.first<VacationAction>()->period, 23 * 86400);
    EXPECT_EQ(o.first<VacationAction>()->from, "tjs@example.edu");

    const char* s6 = R"(require "vacation";
if header :contains "from" "boss@example.edu" {
    redirect "pleeb@isp.example.org";
} else {
    vacation "Sorry, I'm away, I'll read your
    message when I get around to it.";
})";
    EXPECT_EQ(h.run(s6, make_message({"From: boss@example.edu", "To: me@example.com"})).actions(),
              Actions{"redirect:pleeb@isp.example.org"});
    EXPECT_EQ(h.run(s6, kToMe).actions(), (Actions{"vacation:friend@example.org", "keep:INBOX"}));

    const char* s7 = R"(require "vacation";
if header :contains ["accept-language", "content-language"] "en"
{
    vacation "I am away this week.";
} else {
    vacation "Estoy ausente esta semana.";
})";
    o = h.run(s7, kToMe);
    ASSERT_NE(o.first<VacationAction>(), nullptr);
    EXPECT_NE(o.first<VacationAction>()->message.find("Estoy"), std::string::npos);

    const char* s8 = R"(require "vacation";
if address :matches "from" "*@ourdivision.example.com"
{
    vacation :subject "Gone fishing"
             "Please contact Joe Jones in my absence.";
} else {
    vacation :subject "Out of the office"
             "Please contact Sally Smith in my absence.";
})";
    o = h.run(s8, kToMe);
    ASSERT_NE(o.first<VacationAction>(), nullptr);
    EXPECT_EQ(o.first<VacationAction>()->subject, "Out of the office");
}

TEST(SieveVacation, Rfc6131Seconds)
{
    VacationHarness h;
    h.settings.vacation_min_period = 0;
    auto o = h.run(R"(require ["vacation-seconds"];
vacation :addresses ["tjs@example.edu", "ts4z@landru.example.edu"]
         :seconds 1800
         "I am in a meeting, and do not have access to email.";)",
                   make_message({"From: friend@example.org", "To: ts4z@landru.example.edu"}));
    ASSERT_NE(o.first<VacationAction>(), nullptr) << o.diagnostics;
    EXPECT_EQ(o.first<VacationAction>()->period, 1800);
    o = h.run("require \"vacation-seconds\"; vacation :handle \"auto-resp\" :seconds 0 \"x\";",
              kToMe);
    ASSERT_NE(o.first<VacationAction>(), nullptr);
    EXPECT_EQ(o.first<VacationAction>()->period, 0);
    h.settings.vacation_min_period = 3600;
    o = h.run("require \"vacation-seconds\"; vacation :seconds 10 \"x\";", kToMe);
    EXPECT_EQ(o.first<VacationAction>()->period, 3600);
    EXPECT_EQ(h.errors("require \"vacation\"; vacation :seconds 10 \"x\";"),
              "script:1:30: error: unknown tagged argument ':seconds' for the vacation command (it "
              "needs require \"vacation-seconds\")\n");
    EXPECT_EQ(h.errors("require \"vacation-seconds\"; vacation :days 1 :seconds 10 \"x\";"),
              "script:1:46: error: tagged arguments ':days' and ':seconds' cannot be combined in "
              "the vacation command\n");
}

TEST(SieveVacation, ResponseMessage)
{
    VacationHarness h;
    h.env.clock = Now{1700000000, 60};
    const auto o = h.run("require \"vacation\"; vacation :days 3 \"Back soon\xC3\xA9\";", kToMe);
    const VacationAction* v = o.first<VacationAction>();
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->to, "friend@example.org");
    EXPECT_EQ(v->from, "me@example.com");
    EXPECT_EQ(v->subject, "Auto: lunch?");
    EXPECT_EQ(v->period, 3 * 86400);
    const std::string& m = v->message;
    EXPECT_NE(m.find("\r\nTo: Friend <friend@example.org>\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("\r\nSubject: Auto: lunch?\r\n"), std::string::npos);
    EXPECT_NE(m.find("\r\nIn-Reply-To: <m1@example.org>\r\n"), std::string::npos);
    EXPECT_NE(m.find("\r\nReferences: <m0@example.org> <m1@example.org>\r\n"), std::string::npos);
    EXPECT_NE(m.find("\r\nAuto-Submitted: auto-replied\r\n"), std::string::npos);
    EXPECT_NE(m.find("\r\nDate: Tue, 14 Nov 2023 23:13:20 +0100\r\n"), std::string::npos);
    EXPECT_NE(m.find("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
                     "8bit\r\n\r\nBack soon\xC3\xA9\r\n"),
              std::string::npos);
    // Non-ASCII subjects are encoded.
    const auto o2 =
        h.run("require \"vacation\"; vacation :subject \"R\xC3\xA9ponse\" \"x\";", kToMe);
    EXPECT_NE(o2.first<VacationAction>()->message.find("Subject: =?utf-8?"), std::string::npos);
}

TEST(SieveVacation, NoResponse)
{
    const char* s = "require \"vacation\"; vacation \"away\";";
    struct Case {
        const char* why;
        std::vector<std::string> header;
        std::string sender;
    };
    const std::vector<Case> cases = {
        {"null sender", {"From: a@example.org", "To: me@example.com"}, ""},
        {"auto-submitted",
         {"From: a@example.org", "To: me@example.com", "Auto-Submitted: auto-replied"},
         "a@example.org"},
        {"precedence bulk",
         {"From: a@example.org", "To: me@example.com", "Precedence: bulk"},
         "a@example.org"},
        {"precedence list",
         {"From: a@example.org", "To: me@example.com", "Precedence: list"},
         "a@example.org"},
        {"precedence junk",
         {"From: a@example.org", "To: me@example.com", "Precedence: junk"},
         "a@example.org"},
        {"list-id",
         {"From: a@example.org", "To: me@example.com", "List-Id: <l.example.org>"},
         "a@example.org"},
        {"list-unsubscribe",
         {"From: a@example.org", "To: me@example.com", "List-Unsubscribe: <mailto:x@y>"},
         "a@example.org"},
        {"mailer-daemon",
         {"From: a@example.org", "To: me@example.com"},
         "MAILER-DAEMON@example.org"},
        {"owner-", {"From: a@example.org", "To: me@example.com"}, "owner-list@example.org"},
        {"-request", {"From: a@example.org", "To: me@example.com"}, "list-request@example.org"},
        {"not addressed to me", {"From: a@example.org", "To: other@example.com"}, "a@example.org"},
        {"from myself", {"From: me@example.com", "To: me@example.com"}, "me@example.com"},
    };
    for (const Case& c : cases) {
        Harness h;
        h.envelope.from = c.sender;
        const auto o = h.run(s, make_message(c.header));
        ASSERT_TRUE(o.compiled);
        EXPECT_EQ(o.actions(), Actions{"keep:INBOX"}) << c.why;
    }
    // Auto-Submitted: no is a person.
    Harness h;
    h.envelope.from = "a@example.org";
    EXPECT_EQ(
        h.run(s, make_message({"From: a@example.org", "To: me@example.com", "Auto-Submitted: no"}))
            .actions(),
        (Actions{"vacation:a@example.org", "keep:INBOX"}));
    // Cc and Bcc count as addressed to me; so do the configured addresses.
    EXPECT_EQ(
        h.run(s, make_message({"From: a@example.org", "Cc: x@y.z, ME@Example.COM"})).actions(),
        (Actions{"vacation:a@example.org", "keep:INBOX"}));
    h.settings.user_addresses = {"alias@example.com"};
    EXPECT_EQ(h.run(s, make_message({"From: a@example.org", "To: alias@example.com"})).actions(),
              (Actions{"vacation:a@example.org", "keep:INBOX"}));
}

TEST(SieveVacation, OncePerPeriod)
{
    VacationHarness h;
    const std::string s = "require \"vacation\"; vacation :handle \"h\" \"away\";";
    const auto first = h.run(s, kToMe);
    const VacationAction* v = first.first<VacationAction>();
    ASSERT_NE(v, nullptr);
    h.env.responded.insert(v->tracking_key);
    EXPECT_EQ(h.run(s, kToMe).actions(), Actions{"keep:INBOX"});
    // Another handle is another response.
    EXPECT_EQ(h.run("require \"vacation\"; vacation :handle \"other\" \"away\";", kToMe).actions(),
              (Actions{"vacation:friend@example.org", "keep:INBOX"}));
}

TEST(SieveVacation, CompileErrors)
{
    Harness h;
    EXPECT_EQ(h.errors("require \"vacation\";\nvacation :from \"not an address\" \"x\";"),
              "script:2:16: error: vacation: invalid :from address 'not an address'\n");
    EXPECT_EQ(
        h.errors("require \"vacation\";\nvacation :addresses [\"ok@example.com\", \"bad\"] \"x\";"),
        "script:2:40: error: vacation: invalid address 'bad' in :addresses\n");
    EXPECT_EQ(h.errors("require \"vacation\";\nvacation :days \"3\" \"x\";"),
              "script:2:10: error: tagged argument ':days' of the vacation command needs a number "
              "after it\n");
}

}  // namespace
}  // namespace roost::sieve::testing
