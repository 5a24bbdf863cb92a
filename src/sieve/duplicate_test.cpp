// duplicate (RFC 7352): ids, handles, periods and what the host is asked to record.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kMsg = make_message({"From: a@b.c", "Message-ID: <1@example.org>",
                                       "Subject: ALERT: disk full", "X-Event-ID: ev-9"});

TEST(SieveDuplicate, Rfc7352Examples)
{
    Harness h;
    const char* s1 =
        "require [\"duplicate\", \"fileinto\", \"mailbox\"];\n"
        "if duplicate {\n  fileinto :create \"Trash/Duplicate\";\n}";
    auto o = h.run(s1, kMsg);
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
    ASSERT_EQ(o.result.duplicate_marks.size(), 1u);
    h.env.duplicates.insert(o.result.duplicate_marks[0].key);
    EXPECT_EQ(h.run(s1, kMsg).actions(), Actions{"fileinto:Trash/Duplicate:create"});

    const char* s2 = R"(require ["duplicate", "variables", "imap4flags",
  "fileinto"];

if header :matches "subject" "ALERT: *" {
  if duplicate :seconds 60 :uniqueid "${1}" {
    setflag "\\seen";
  }
  fileinto "Alerts";
})";
    o = h.run(s2, kMsg);
    EXPECT_EQ(o.actions(), Actions{"fileinto:Alerts"});
    ASSERT_EQ(o.result.duplicate_marks.size(), 1u);
    EXPECT_EQ(o.result.duplicate_marks[0].period, 60);
    h.env.duplicates.insert(o.result.duplicate_marks[0].key);
    EXPECT_EQ(h.run(s2, kMsg).actions(), Actions{"fileinto:Alerts[\\Seen]"});
    // The same alert text from another message is the same id.
    EXPECT_EQ(h.run(s2, make_message({"Subject: ALERT: disk full", "Message-ID: <2@x>"})).actions(),
              Actions{"fileinto:Alerts[\\Seen]"});

    const char* s3 = R"(require ["duplicate", "fileinto", "mailbox"];

if duplicate :header "X-Event-ID" :handle "notifier" {
  discard;
}
if duplicate :header "X-Ticket-ID" :handle "support" {
  # ignore
} else {
  fileinto "Support/Updates";
})";
    o = h.run(s3, kMsg);
    EXPECT_EQ(o.actions(), Actions{"fileinto:Support/Updates"});  // no X-Ticket-ID: false
}

TEST(SieveDuplicate, SameRunAndHandles)
{
    Harness h;
    const auto o =
        h.run("require \"duplicate\";\nif duplicate { discard; }\nif duplicate { discard; }", kMsg);
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});  // the second test gives the first one's answer
    EXPECT_EQ(h.env.duplicate_queries.size(), 1u);
    const auto a = h.run("require \"duplicate\"; if duplicate :handle \"a\" { }", kMsg);
    const auto b = h.run("require \"duplicate\"; if duplicate :handle \"b\" { }", kMsg);
    EXPECT_NE(a.result.duplicate_marks.at(0).key, b.result.duplicate_marks.at(0).key);
    // No Message-ID: nothing to track.
    const auto none =
        h.run("require \"duplicate\"; if duplicate { discard; }", make_message({"From: a@b.c"}));
    EXPECT_EQ(none.actions(), Actions{"keep:INBOX"});
    EXPECT_TRUE(none.result.duplicate_marks.empty());
    EXPECT_EQ(
        h.errors("require \"duplicate\";\nif duplicate :header \"a\" :uniqueid \"b\" { }"),
        "script:2:26: error: tagged arguments ':header' and ':uniqueid' cannot be combined in "
        "the duplicate test\n");
}

TEST(SieveDuplicate, PeriodIsCapped)
{
    Harness h;
    h.settings.duplicate_max_period = 100;
    const auto o = h.run("require \"duplicate\"; if duplicate :seconds 100000 { }", kMsg);
    EXPECT_EQ(o.result.duplicate_marks.at(0).period, 100);
}

}  // namespace
}  // namespace roost::sieve::testing
