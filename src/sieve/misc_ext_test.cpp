// mailbox (RFC 5490), environment (RFC 5183), ihave (RFC 5463), reject/ereject (RFC 5429)
// and regex (draft-ietf-sieve-regex): the RFCs' examples and error cases.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kMsg =
    make_message({"From: coyote@desert.example.org", "To: a@example.com",
                  "Subject: [acme-users] version 1.0", "List-ID: <users@acme.example.org>"});

TEST(SieveMailbox, Rfc5490)
{
    Harness h;
    h.env.mailboxes.insert("Sent");
    EXPECT_EQ(h.run("require [\"mailbox\", \"fileinto\"];\nif mailboxexists \"Sent\" { fileinto "
                    ":create \"Sent/x\"; }",
                    kMsg)
                  .actions(),
              Actions{"fileinto:Sent/x:create"});
    EXPECT_EQ(
        h.run("require \"mailbox\";\nif mailboxexists [\"Sent\", \"Nope\"] { discard; }", kMsg)
            .actions(),
        Actions{"keep:INBOX"});
    EXPECT_EQ(h.errors("require \"fileinto\";\nfileinto :create \"x\";"),
              "script:2:10: error: unknown tagged argument ':create' for the fileinto command (it "
              "needs require \"mailbox\")\n");
}

TEST(SieveEnvironment, Rfc5183)
{
    Harness h;
    h.env.items["domain"] = "mail.example.com";
    h.env.items["remote-ip"] = "192.0.2.7";
    auto t = [&](const std::string& test) {
        return h.run("require \"environment\";\nif " + test + " { discard; }", kMsg).actions() ==
               Actions{"discard"};
    };
    EXPECT_TRUE(t("environment :matches \"domain\" \"*.example.com\""));
    EXPECT_TRUE(t("environment :is \"remote-ip\" \"192.0.2.7\""));
    EXPECT_TRUE(t("environment :is \"phase\" \"during\""));
    EXPECT_TRUE(t("environment :is \"location\" \"MDA\""));
    EXPECT_TRUE(t("environment :contains \"name\" \"Roost\""));
    EXPECT_FALSE(t("environment :contains \"remote-host\" \"\""));  // unknown: never matches
}

TEST(SieveIhave, Rfc5463)
{
    Harness h;
    // A block guarded by an unknown capability is not even checked.
    EXPECT_EQ(h.run(R"(require ["ihave", "fileinto"];
if ihave "x-unknown-extension" {
    x_unknown_command :with "arguments";
} elsif ihave "envelope" {
    if envelope :is "to" "me@example.com" { fileinto "for-me"; }
})",
                    kMsg)
                  .actions(),
              Actions{"fileinto:for-me"});
    // Capabilities that exist may be used in the block without require.
    EXPECT_EQ(
        h.run("require \"ihave\";\nif ihave [\"fileinto\", \"copy\"] { fileinto :copy \"a\"; }",
              kMsg)
            .actions(),
        (Actions{"fileinto:a:copy", "keep:INBOX"}));
    EXPECT_EQ(h.errors("require \"ihave\";\nif ihave \"fileinto\" { }\nfileinto \"a\";"),
              "script:3:1: error: unknown command 'fileinto' (it needs require \"fileinto\")\n");
    const auto o = h.run(
        "require \"ihave\";\nif not ihave \"x-nope\" {\n  error \"no x-nope here\";\n}", kMsg);
    EXPECT_TRUE(o.result.failed);
    EXPECT_EQ(o.result.error, "3:3: error command: no x-nope here");
}

TEST(SieveReject, Rfc5429)
{
    Harness h;
    auto o = h.run(R"(require ["reject"];

if header :contains "from" "coyote@desert.example.org" {
   reject text:
I am not taking mail from you, and I don't
want your birdseed, either!
.
;
})",
                   kMsg);
    ASSERT_EQ(o.actions().size(), 1u);
    EXPECT_EQ(o.first<RejectAction>()->reason,
              "I am not taking mail from you, and I don't\nwant your birdseed, either!\n");
    o = h.run(
        "require [\"ereject\"];\nif address \"from\" \"coyote@desert.example.org\" {\n"
        "    ereject \"I no longer accept mail from this address\";\n}",
        kMsg);
    EXPECT_EQ(o.actions(), Actions{"ereject:I no longer accept mail from this address"});
    EXPECT_TRUE(o.first<RejectAction>()->extended);
}

TEST(SieveRegex, DraftExamples)
{
    Harness h;
    EXPECT_EQ(h.run(R"(require "regex";
if address :regex :comparator "i;ascii-casemap" "from" [
        "stephan(\\+.*)?@it\\.aoyama\\.ac\\.jp",
        "stephan(\\+.*)?@([a-z]+\\.)?example\\.com"
    ]
{
    discard;
})",
                    make_message({"From: Stephan+lists@Mail.Example.com"}))
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run(R"(require ["regex", "variables", "fileinto"];
if header :regex "List-ID" "<(.*)@" {
    fileinto "lists.${1}"; stop;
}
)",
                    kMsg)
                  .actions(),
              Actions{"fileinto:lists.users"});
    EXPECT_EQ(h.run(R"(require ["regex", "variables", "fileinto"];
if header :regex "Subject" "^\\[(.*)\\] (.*)$" { fileinto "${1}/${2}"; })",
                    kMsg)
                  .actions(),
              Actions{"fileinto:acme-users/version 1.0"});
    EXPECT_EQ(
        h.run("require [\"regex\", \"variables\", \"fileinto\"];\nset :quoteregex \"q\" \"a.b\";\n"
              "if string :regex \"axb\" \"${q}\" { discard; }",
              kMsg)
            .actions(),
        Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("require \"regex\";\nif header :regex :comparator \"i;octet\" \"subject\" "
                    "\"ACME\" { discard; }",
                    kMsg)
                  .actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.errors("require \"regex\";\nif header :regex \"subject\" \"(\" { }"),
              "script:2:28: error: invalid regular expression '(': Unmatched ( or \\(\n");
    EXPECT_EQ(h.errors("require \"regex\";\nif header :regex \"subject\" \"(a)\\\\1\" { }"),
              "script:2:28: error: back-references are not supported in regular expressions\n");
}

}  // namespace
}  // namespace roost::sieve::testing
