// imap4flags (RFC 5232): setflag/addflag/removeflag, hasflag, :flags and the internal variable.
#include "sieve/ext_imap4flags.hpp"
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

TEST(SieveImap4flags, FlagLists)
{
    EXPECT_EQ(parse_flags(std::vector<std::string>{"\\seen foo", "FOO \\FLAGGED", "bad(flag"}),
              (std::vector<std::string>{"\\Seen", "foo", "\\Flagged"}));
    EXPECT_EQ(parse_flags("\\Recent \\Deleted"), (std::vector<std::string>{"\\Deleted"}));
    std::vector<std::string> f{"a", "b"};
    add_flags(f, {"B", "c"});
    EXPECT_EQ(f, (std::vector<std::string>{"a", "b", "c"}));
    remove_flags(f, {"A"});
    EXPECT_EQ(f, (std::vector<std::string>{"b", "c"}));
}

TEST(SieveImap4flags, Rfc5232Section6Example)
{
    const char* s = R"(require ["imap4flags", "fileinto", "variables"];
if size :over 1M {
    addflag "MyFlags" "Big";
    if header :is "From" "boss@company.example.com" {
        # The message will be marked as "\Flagged Big" when filed
        # into mailbox "Big messages"
        addflag "MyFlags" "\\Flagged";
    }
    fileinto :flags "${MyFlags}" "Big messages";
}

if header :is "From" "grandma@example.net" {
    addflag "MyFlags" ["\\Answered", "$MDNSent"];
    # If the message is bigger than 1Mb it will be marked as
    # "Big \\Answered $MDNSent" when filed into mailbox "grandma".
    # If the message is shorter than 1Mb it will be marked as
    # "\\Answered $MDNSent"
    fileinto :flags "${MyFlags}" "GrandMa";
}

# Handle messages from friends
if header :is "From" "friend@example.com" {
    setflag "MyFlags" "$Friend";
    fileinto :flags "${MyFlags}" "Friends";
}

if hasflag :contains "MyVar" "Junk" {
    # ...
    discard;
}
)";
    Harness h;
    const std::string big(1100 * 1024, 'x');
    EXPECT_EQ(h.run(s, make_message({"From: boss@company.example.com"}, big)).actions(),
              Actions{"fileinto:Big messages[Big \\Flagged]"});
    EXPECT_EQ(h.run(s, make_message({"From: grandma@example.net"}, big)).actions(),
              (Actions{"fileinto:Big messages[Big]", "fileinto:GrandMa[Big \\Answered $MDNSent]"}));
    EXPECT_EQ(h.run(s, make_message({"From: grandma@example.net"})).actions(),
              Actions{"fileinto:GrandMa[\\Answered $MDNSent]"});
    EXPECT_EQ(h.run(s, make_message({"From: friend@example.com"})).actions(),
              Actions{"fileinto:Friends[$Friend]"});
}

TEST(SieveImap4flags, InternalVariable)
{
    Harness h;
    const std::string m = make_message({"From: a@b.c"});
    EXPECT_EQ(h.run("require \"imap4flags\"; setflag \"\\\\Seen\"; addflag [\"A\", \"B\"]; "
                    "removeflag \"a\";",
                    m)
                  .actions(),
              Actions{"keep:INBOX[\\Seen B]"});
    EXPECT_EQ(h.run("require [\"imap4flags\", \"fileinto\"]; addflag \"x\"; fileinto \"f\"; "
                    "removeflag \"x\"; keep;",
                    m)
                  .actions(),
              (Actions{"fileinto:f[x]", "keep:INBOX"}));
    EXPECT_EQ(
        h.run("require [\"imap4flags\", \"fileinto\"]; addflag \"x\"; fileinto :flags \"y\" \"f\";",
              m)
            .actions(),
        Actions{"fileinto:f[y]"});
    EXPECT_EQ(h.run("require \"imap4flags\"; addflag \"x\"; keep :flags \"\";", m).actions(),
              Actions{"keep:INBOX"});
}

TEST(SieveImap4flags, Hasflag)
{
    Harness h;
    const std::string m = make_message({"From: a@b.c"});
    EXPECT_EQ(
        h.run("require \"imap4flags\"; addflag \"\\\\Seen Junk\"; if hasflag \"junk\" { discard; }",
              m)
            .actions(),
        Actions{"discard"});
    EXPECT_EQ(h.run("require \"imap4flags\"; if hasflag :contains \"x\" { discard; }", m).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("require [\"imap4flags\", \"variables\"]; set \"v\" \"a b\";\n"
                    "if hasflag :is \"v\" \"b\" { discard; }",
                    m)
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("require [\"imap4flags\", \"relational\", \"comparator-i;ascii-numeric\"];\n"
                    "addflag \"a b c\"; if hasflag :count \"eq\" :comparator \"i;ascii-numeric\" "
                    "\"3\" { discard; }",
                    m)
                  .actions(),
              Actions{"discard"});
    EXPECT_EQ(h.errors("require \"imap4flags\";\nif hasflag \"v\" \"b\" { }"),
              "script:2:12: error: a flag variable list needs require \"variables\"\n");
}

}  // namespace
}  // namespace roost::sieve::testing
