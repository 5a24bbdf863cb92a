// include (RFC 6609): personal and global scripts, :once, :optional, return, global variables.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kMsg = make_message({"From: boss@example.com", "Subject: XXXX offer"});

TEST(SieveInclude, Rfc6609Section3Example)
{
    Harness h;
    h.env.personal_scripts["always_allow"] = R"(require ["include"];
if address :is "from" "boss@example.com"
{
    keep;
}
elsif address :is "from" "ceo@example.com"
{
    keep;
}
)";
    h.env.global_scripts["spam_tests"] = R"(require ["reject"];
if header :contains "Subject" "XXXX"
{
    reject "Subject XXXX is unacceptable.";
}
elsif address :is "from" "money@example.com"
{
    reject "Mail from this sender is unwelcome.";
}
)";
    h.env.personal_scripts["spam_tests"] = R"(require ["fileinto"];
if header :contains "Subject" "$$$"
{
    fileinto "spam";
}
)";
    h.env.personal_scripts["mailing_lists"] = R"(require ["fileinto"];
if header :is "List-Id" "<x.example.org>" { fileinto "lists"; }
)";
    const char* main = R"(require ["include"];

include :personal "always_allow";
include :global "spam_tests";
include :personal "spam_tests";
include :personal "mailing_lists";
)";
    // The boss's XXXX mail: kept by always_allow, then rejected by the global spam test: a
    // conflict, so the run fails and the message is kept.
    auto o = h.run(main, kMsg);
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_TRUE(o.result.failed);
    o = h.run(main, make_message({"From: money@example.com", "Subject: hi"}));
    EXPECT_EQ(o.actions(), Actions{"reject:Mail from this sender is unwelcome."});
    o = h.run(main,
              make_message({"From: x@example.com", "Subject: $$$", "List-Id: <x.example.org>"}));
    EXPECT_EQ(o.actions(), (Actions{"fileinto:spam", "fileinto:lists"}));
    EXPECT_EQ(o.result.actions[0].script, "spam_tests");
}

TEST(SieveInclude, GlobalVariables)
{
    Harness h;
    h.env.personal_scripts["subject_tests"] = R"(require ["include", "variables"];
global ["test", "test_mailbox"];
if header :contains "Subject" "${test}" {
    set "test_mailbox" "spam-${test}";
}
)";
    const char* main = R"(require ["include", "variables", "fileinto"];
global "test";
global "test_mailbox";

set "test" "$$";
include "subject_tests";

set "test" "Make money";
include "subject_tests";

if string :is "${global.test_mailbox}" "" { stop; }
fileinto "${test_mailbox}";
)";
    const auto o = h.run(main, make_message({"Subject: Make money now"}));
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_EQ(o.actions(), Actions{"fileinto:spam-Make money"});
}

TEST(SieveInclude, LocalVariablesStayLocal)
{
    Harness h;
    h.env.personal_scripts["inner"] =
        "require [\"variables\", \"fileinto\"]; fileinto \"in-${x}\";";
    const auto o =
        h.run("require [\"include\", \"variables\"]; set \"x\" \"outer\"; include \"inner\";",
              make_message({"Subject: s"}));
    EXPECT_EQ(o.actions(), Actions{"fileinto:in-"});
}

TEST(SieveInclude, OnceOptionalReturn)
{
    Harness h;
    h.env.personal_scripts["flag"] =
        "require [\"imap4flags\", \"include\"]; addflag \"seen-once\"; return; addflag \"never\";";
    auto o = h.run(
        "require [\"include\", \"imap4flags\"];\ninclude :once \"flag\"; include :once \"flag\";\n"
        "include :optional \"missing\";\nif hasflag \"never\" { discard; }",
        make_message({"Subject: s"}));
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX[seen-once]"});
    EXPECT_EQ(h.errors("require \"include\";\ninclude \"missing\";"),
              "script:2:9: error: included script 'missing' does not exist\n");
    // return in the main script ends it.
    EXPECT_EQ(
        h.run("require \"include\"; return; discard;", make_message({"Subject: s"})).actions(),
        Actions{"keep:INBOX"});
}

TEST(SieveInclude, ErrorsInIncludedScripts)
{
    Harness h;
    h.env.personal_scripts["broken"] = "keep;\nbogus;\n";
    const CompileResult r = h.compile_only("require \"include\";\ninclude \"broken\";");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.diagnostics.format("main"),
              "main:2:9: error: included script 'broken' has errors\nbroken:2:1: error: unknown "
              "command 'bogus'\n");
}

TEST(SieveInclude, LoopsAndDepth)
{
    Harness h;
    h.env.personal_scripts["a"] = "require \"include\"; include \"b\";";
    h.env.personal_scripts["b"] = "require \"include\"; include \"a\";";
    const auto o = h.run("require \"include\"; include \"a\";", make_message({"Subject: s"}));
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_TRUE(o.result.failed);
    EXPECT_NE(o.result.error.find("include loop"), std::string::npos);
    // A script may be included twice in a row (not recursively).
    h.env.personal_scripts["c"] = "require \"fileinto\"; fileinto \"c\";";
    EXPECT_EQ(
        h.run("require \"include\"; include \"c\"; include \"c\";", make_message({"Subject: s"}))
            .actions(),
        Actions{"fileinto:c"});
    EXPECT_EQ(h.errors("require \"include\"; include \"../x\";"),
              "script:1:28: error: invalid script name '../x' for include\n");
}

}  // namespace
}  // namespace roost::sieve::testing
