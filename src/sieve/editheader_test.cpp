// editheader (RFC 5293): adding and deleting fields, what later tests and actions see.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kMsg = make_message({"From: a@b.c", "X-A: 1", "Received: from x by y", "X-A: 2",
                                       "Subject: hello", "X-A: 3", "X-Spam: No"});

TEST(SieveEditheader, Rfc5293Example)
{
    Harness h;
    const auto o = h.run(R"(require ["editheader"];
/* Don't redirect if we already have */
if not header :contains "X-Sieve-Filtered"
        ["<kim@job.example.com>", "<kim@home.example.com>"]
{
        addheader "X-Sieve-Filtered" "<kim@job.example.com>";
        redirect "kim@home.example.com";
})",
                         kMsg);
    ASSERT_EQ(o.actions(), Actions{"redirect:kim@home.example.com"});
    const auto* r = o.first<RedirectAction>();
    ASSERT_NE(r->message, nullptr);
    EXPECT_EQ(r->message->rfind("X-Sieve-Filtered: <kim@job.example.com>\r\nFrom: a@b.c\r\n", 0),
              0u);
    // The filtered message is not redirected again.
    const auto again = h.run(
        "require \"editheader\"; if not header :contains \"X-Sieve-Filtered\" "
        "\"<kim@job.example.com>\" { redirect \"kim@home.example.com\"; }",
        *r->message);
    EXPECT_EQ(again.actions(), Actions{"keep:INBOX"});
}

TEST(SieveEditheader, AddAndDelete)
{
    Harness h;
    auto edited = [&](const std::string& script) {
        const auto o = h.run("require [\"editheader\", \"index\"];\n" + script, kMsg);
        EXPECT_TRUE(o.compiled) << o.diagnostics;
        return o.result.edited_message ? *o.result.edited_message : std::string("(unchanged)");
    };
    EXPECT_EQ(
        edited("addheader :last \"X-B\" \"z\";"),
        "From: a@b.c\r\nX-A: 1\r\nReceived: from x by y\r\nX-A: 2\r\nSubject: hello\r\nX-A: 3\r\n"
        "X-Spam: No\r\nX-B: z\r\n\r\nbody\r\n");
    EXPECT_EQ(
        edited("deleteheader \"x-a\";"),
        "From: a@b.c\r\nReceived: from x by y\r\nSubject: hello\r\nX-Spam: No\r\n\r\nbody\r\n");
    EXPECT_EQ(edited("deleteheader :index 2 \"x-a\";"),
              "From: a@b.c\r\nX-A: 1\r\nReceived: from x by y\r\nSubject: hello\r\nX-A: 3\r\n"
              "X-Spam: No\r\n\r\nbody\r\n");
    EXPECT_EQ(edited("deleteheader :index 1 :last \"x-a\";"),
              "From: a@b.c\r\nX-A: 1\r\nReceived: from x by y\r\nX-A: 2\r\nSubject: hello\r\n"
              "X-Spam: No\r\n\r\nbody\r\n");
    EXPECT_EQ(edited("deleteheader :is \"x-a\" [\"1\", \"3\"];"),
              "From: a@b.c\r\nReceived: from x by y\r\nX-A: 2\r\nSubject: hello\r\nX-Spam: "
              "No\r\n\r\nbody\r\n");
    EXPECT_EQ(
        edited("deleteheader :matches \"subject\" \"hel*\"; addheader \"Subject\" \"new\";"),
        "Subject: new\r\nFrom: a@b.c\r\nX-A: 1\r\nReceived: from x by y\r\nX-A: 2\r\nX-A: 3\r\n"
        "X-Spam: No\r\n\r\nbody\r\n");
    EXPECT_EQ(edited("deleteheader \"x-missing\";"), "(unchanged)");
    // Received may never be deleted.
    EXPECT_EQ(edited("deleteheader \"received\";"), "(unchanged)");
    // Non-ASCII values become encoded words.
    const std::string u = edited("addheader \"X-U\" \"caf\xC3\xA9\";");
    EXPECT_EQ(u.rfind("X-U: =?utf-8?", 0), 0u) << u;
    EXPECT_NE(u.find("caf=C3=A9?="), std::string::npos) << u;
}

TEST(SieveEditheader, LaterTestsSeeTheEdits)
{
    Harness h;
    EXPECT_EQ(h.run("require [\"editheader\", \"variables\"];\n"
                    "if header :matches \"Subject\" \"*\" { deleteheader \"Subject\"; addheader "
                    "\"Subject\" \"[Spam] ${1}\"; }\n"
                    "if header :is \"subject\" \"[Spam] hello\" { discard; }",
                    kMsg)
                  .actions(),
              Actions{"discard"});
    // An action taken before an edit keeps the message it saw; the implicit keep gets the end
    // result.
    const auto o = h.run(
        "require [\"editheader\", \"fileinto\", \"copy\"];\n"
        "fileinto :copy \"before\"; addheader \"X-Late\" \"1\";",
        kMsg);
    ASSERT_EQ(o.actions(), (Actions{"fileinto:before:copy", "keep:INBOX"}));
    EXPECT_EQ(std::get<StoreAction>(o.result.actions[0].data).message, nullptr);
    ASSERT_NE(std::get<StoreAction>(o.result.actions[1].data).message, nullptr);
}

TEST(SieveEditheader, Errors)
{
    Harness h;
    EXPECT_EQ(h.errors("require \"editheader\";\naddheader \"X-\xC3\x9C\" \"x\";"),
              "script:2:11: error: addheader: invalid field name 'X-\xC3\x9C'\n");
    EXPECT_EQ(h.errors("require \"editheader\";\ndeleteheader :is \"x\";"),
              "script:2:1: error: deleteheader: a comparator or match type needs value patterns\n");
    const CompileResult r = h.compile_only("require \"editheader\";\ndeleteheader \"Received\";");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.diagnostics.format("s"),
              "s:2:14: warning: deleteheader: field 'Received' may not be deleted; the command "
              "will be ignored\n");
}

}  // namespace
}  // namespace roost::sieve::testing
