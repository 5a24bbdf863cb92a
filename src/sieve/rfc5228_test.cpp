// RFC 5228's own examples: each parses and does what the RFC says, on the RFC's two example
// messages (section 1.2). Also encoded-character (section 2.4.2.4).
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

// Section 9: the complete example script.
const char* kSection9 = R"(#
# Example Sieve Filter
# Declare any optional features or extension used by the script
#
require ["fileinto"];

#
# Handle messages from known mailing lists
# Move messages from IETF filter discussion list to filter mailbox
#
if header :is "Sender" "owner-ietf-mta-filters@imc.org"
        {
        fileinto "filter";  # move to "filter" mailbox
        }
#
# Keep all messages to or from people in my company
#
elsif address :DOMAIN :is ["From", "To"] "example.com"
        {
        keep;               # keep in "In" mailbox
        }

#
# Try and catch unsolicited email.  If a message is not to me,
# or it contains a subject known to be used by spammers, trash it.
#
elsif anyof (NOT address :all :contains
               ["To", "Cc", "Bcc"] "me@example.com",
             header :matches "subject"
               ["*make*money*fast*", "*university*dipl*mas*"])
        {
        discard;
        }
# Move all other (non-company) mail to "personal"
# mailbox.
else
        {
        fileinto "personal";
        }
)";

TEST(SieveRfc5228, Section9Example)
{
    Harness h;
    EXPECT_EQ(h.run(kSection9,
                    make_message({"Sender: owner-ietf-mta-filters@imc.org", "To: me@example.com"}))
                  .actions(),
              Actions{"fileinto:filter"});
    EXPECT_EQ(h.run(kSection9, make_message({"From: boss@example.com", "To: x@y.z"})).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.run(kSection9, make_message({"From: a@b.c", "To: other@example.net"})).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run(kSection9, make_message({"From: a@b.c", "To: x@example.net",
                                             "Cc: me@example.com", "Subject: Make MONEY fast!"}))
                  .actions(),
              Actions{"discard"});
    // Mail to the company domain is kept before the spam test is reached.
    EXPECT_EQ(h.run(kSection9, make_message({"From: a@b.c", "To: me@example.com",
                                             "Subject: Make MONEY fast!"}))
                  .actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(
        h.run(kSection9, make_message({"From: a@b.c", "Cc: me@example.com", "Subject: lunch"}))
            .actions(),
        Actions{"fileinto:personal"});
}

TEST(SieveRfc5228, CommentExamples)
{
    Harness h;
    const std::string big = make_message({"From: a@b.c"}, std::string(200 * 1024, 'x'));
    EXPECT_EQ(h.run("if size :over 100k { # this is a comment\n    discard;\n}\n", big).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if size :over 100K { /* this is a comment\n    this is still a comment */ "
                    "discard /* this is a comment\n    */ ;\n}\n",
                    big)
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if size :over 100k { discard; }", rfc_message_a()).actions(),
              Actions{"keep:INBOX"});
}

TEST(SieveRfc5228, Section3_1IfElsifElse)
{
    const char* s = R"(require "fileinto";
if header :contains "from" "coyote" {
   discard;
} elsif header :contains ["subject"] ["$$$"] {
   discard;
} else {
   fileinto "INBOX";
})";
    Harness h;
    EXPECT_EQ(h.run(s, rfc_message_a()).actions(), Actions{"discard"});
    EXPECT_EQ(h.run(s, rfc_message_b()).actions(), Actions{"discard"});
    EXPECT_EQ(h.run(s, make_message({"From: x@y.z", "Subject: hi"})).actions(),
              Actions{"fileinto:INBOX"});
}

TEST(SieveRfc5228, Section3_2Require)
{
    Harness h;
    EXPECT_TRUE(h.compile_only("require [\"fileinto\", \"reject\"];").ok());
    EXPECT_TRUE(h.compile_only("require \"fileinto\";\nrequire \"vacation\";").ok());
}

TEST(SieveRfc5228, Section4Actions)
{
    Harness h;
    EXPECT_EQ(h.run("require \"fileinto\";\nif header :contains [\"from\"] \"coyote\" {\n   "
                    "fileinto \"INBOX.harassment\";\n}",
                    rfc_message_a())
                  .actions(),
              Actions{"fileinto:INBOX.harassment"});
    EXPECT_EQ(h.run("redirect \"bart@example.com\";", rfc_message_a()).actions(),
              Actions{"redirect:bart@example.com"});
    EXPECT_EQ(h.run("if size :under 1M { keep; } else { discard; }", rfc_message_a()).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("if header :contains [\"from\"] [\"idiot@example.com\"] {\n   discard;\n}",
                    make_message({"From: Idiot <idiot@example.com>"}))
                  .actions(),
              Actions{"discard"});
}

TEST(SieveRfc5228, Section5Tests)
{
    Harness h;
    EXPECT_EQ(h.run("if address :is :all \"from\" \"tim@example.com\" {\n   discard;\n}",
                    make_message({"From: Tim <tim@example.com>"}))
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if allof (header :contains \"From\" \"Cheney\", header :contains \"Subject\" "
                    "\"Fishing\") { discard; }",
                    make_message({"From: Dick Cheney <dc@example.gov>", "Subject: Fishing trip"}))
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if anyof (header :contains \"From\" \"Cheney\", header :contains \"Subject\" "
                    "\"Fishing\") { discard; }",
                    make_message({"From: x@y.z", "Subject: Fishing"}))
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("require \"envelope\";\nif envelope :all :is \"from\" \"tim@example.com\" {\n  "
                    " discard;\n}",
                    rfc_message_a())
                  .actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(
        h.run("if not exists [\"From\",\"Date\"] {\n   discard;\n}", rfc_message_a()).actions(),
        Actions{"keep:INBOX"});
    EXPECT_EQ(
        h.run("if not exists [\"From\",\"Date\"] {\n   discard;\n}", make_message({"From: a@b.c"}))
            .actions(),
        Actions{"discard"});
    EXPECT_EQ(h.run("if header :contains [\"From\", \"To\"] \"idiot@example.com\" { discard; }",
                    make_message({"To: idiot@example.com"}))
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(
        h.run("if header :is [\"X-Caffeine\"] [\"\"] { discard; }", rfc_message_a()).actions(),
        Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("if header :contains [\"X-Caffeine\"] [\"\"] { discard; }",
                    make_message({"X-Caffeine: lots"}))
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if true { discard; }", rfc_message_a()).actions(), Actions{"discard"});
    EXPECT_EQ(h.run("if false { discard; }", rfc_message_a()).actions(), Actions{"keep:INBOX"});
}

TEST(SieveRfc5228, Section2_7MatchTypes)
{
    Harness h;
    const std::string m = rfc_message_b();
    EXPECT_EQ(h.run("if header :matches \"Subject\" \"$$$*$$$\" { discard; }", m).actions(),
              Actions{"discard"});
    EXPECT_EQ(
        h.run("if header :matches \"Subject\" \"\\\\$\\\\$\\\\$ ?OU*\" { discard; }", m).actions(),
        Actions{"discard"});
    EXPECT_EQ(h.run("if header :is :comparator \"i;octet\" \"To\" "
                    "\"RUBE@landmark.net.example.org\" { discard; }",
                    m)
                  .actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(
        h.run("if header :is \"To\" \"RUBE@landmark.net.example.org\" { discard; }", m).actions(),
        Actions{"discard"});
    EXPECT_EQ(h.run("if address :localpart :is \"Sender\" \"b1ff\" { discard; }", m).actions(),
              Actions{"discard"});
}

TEST(SieveRfc5228, EncodedCharacter)
{
    Harness h;
    auto subject_is = [&](const std::string& key, const std::string& subject) {
        const auto o = h.run("require \"encoded-character\";\nif header :is \"subject\" \"" + key +
                                 "\" { discard; }",
                             make_message({"Subject: " + subject}));
        EXPECT_TRUE(o.compiled) << o.diagnostics;
        return o.actions() == Actions{"discard"};
    };
    EXPECT_TRUE(subject_is("$${hex:24 24}", "$$$"));
    EXPECT_TRUE(subject_is("${hex:40}", "@"));
    EXPECT_TRUE(subject_is("${hex: 40 }", "@"));
    EXPECT_TRUE(subject_is("${HEX: 40}", "@"));
    EXPECT_TRUE(subject_is("${hex:40", "${hex:40"));
    EXPECT_TRUE(subject_is("${hex:400}", "${hex:400}"));
    EXPECT_TRUE(subject_is("${hex:4${hex:30}}", "${hex:40}"));
    EXPECT_TRUE(subject_is("${unicode:40}", "@"));
    EXPECT_TRUE(subject_is("${ unicode:40}", "${ unicode:40}"));
    EXPECT_TRUE(subject_is("${UNICODE:40}", "@"));
    EXPECT_TRUE(subject_is("${UnICoDE:0000040}", "@"));
    EXPECT_TRUE(subject_is("${Unicode:40}", "@"));
    EXPECT_TRUE(subject_is("${Unicode:Cool}", "${Unicode:Cool}"));
    EXPECT_EQ(
        h.errors("require \"encoded-character\";\nif header :is \"s\" \"${unicode:200000}\" { }"),
        "script:2:19: error: invalid Unicode character U+200000 in encoded character\n");
    EXPECT_EQ(
        h.errors("require \"encoded-character\";\nif header :is \"s\" \"${Unicode:DF01}\" { }"),
        "script:2:19: error: invalid Unicode character U+DF01 in encoded character\n");
    // Without the extension the text stays as written.
    EXPECT_EQ(h.run("if header :is \"subject\" \"${hex:40}\" { discard; }",
                    make_message({"Subject: ${hex:40}"}))
                  .actions(),
              Actions{"discard"});
}

TEST(SieveRfc5228, MultiLineStrings)
{
    Harness h;
    const auto o =
        h.run("require \"reject\";\nreject text:\nline 1\n..line 2\n.\n;", rfc_message_a());
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    ASSERT_NE(o.first<RejectAction>(), nullptr);
    EXPECT_EQ(o.first<RejectAction>()->reason, "line 1\n.line 2\n");
}

}  // namespace
}  // namespace roost::sieve::testing
