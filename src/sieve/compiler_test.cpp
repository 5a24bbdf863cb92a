// Validator tests: every kind of compile error, with its line:column.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

TEST(SieveValidator, UnknownCommandAndTest)
{
    Harness h;
    EXPECT_EQ(h.errors("keep;\nfrobnicate;"), "script:2:1: error: unknown command 'frobnicate'\n");
    EXPECT_EQ(h.errors("if bogus { keep; }"), "script:1:4: error: unknown test 'bogus'\n");
    EXPECT_EQ(h.errors("true;"), "script:1:1: error: 'true' is a test, not a command\n");
    EXPECT_EQ(h.errors("if keep { }"), "script:1:4: error: 'keep' is a command, not a test\n");
}

TEST(SieveValidator, ExtensionMustBeRequired)
{
    Harness h;
    EXPECT_EQ(h.errors("fileinto \"a\";"),
              "script:1:1: error: unknown command 'fileinto' (it needs require \"fileinto\")\n");
    EXPECT_EQ(h.errors("if envelope \"to\" \"a\" { }"),
              "script:1:4: error: unknown test 'envelope' (it needs require \"envelope\")\n");
    EXPECT_EQ(h.errors("require \"fileinto\";\nfileinto :copy \"a\";"),
              "script:2:10: error: unknown tagged argument ':copy' for the fileinto command (it "
              "needs require \"copy\")\n");
}

TEST(SieveValidator, UnknownCapability)
{
    Harness h;
    EXPECT_EQ(h.errors("require [\"fileinto\", \"x-nothing\"];"),
              "script:1:22: error: unsupported Sieve capability 'x-nothing'\n");
    h.settings.extensions = {"fileinto"};
    EXPECT_EQ(h.errors("require \"envelope\";"),
              "script:1:9: error: unsupported Sieve capability 'envelope'\n");
}

TEST(SieveValidator, RequireOnlyAtTheTop)
{
    Harness h;
    EXPECT_EQ(h.errors("keep;\nrequire \"fileinto\";"),
              "script:2:1: error: require must come before every other command, at the top of "
              "the script\n");
    EXPECT_EQ(h.errors("if true { require \"fileinto\"; }"),
              "script:1:11: error: require must come before every other command, at the top "
              "of the script\n");
}

TEST(SieveValidator, ArgumentCountsAndTypes)
{
    Harness h;
    EXPECT_EQ(h.errors("redirect;"),
              "script:1:1: error: the redirect command takes 1 positional argument (address) but "
              "0 were given\n");
    EXPECT_EQ(h.errors("keep \"x\";"),
              "script:1:6: error: the keep command takes 0 positional arguments but 1 were "
              "given\n");
    EXPECT_EQ(h.errors("redirect 5;"),
              "script:1:10: error: the redirect command expects a string as address but found a "
              "number\n");
    EXPECT_EQ(h.errors("if size 5 { }"),
              "script:1:4: error: the size test needs :over or :under\n");
    EXPECT_EQ(h.errors("if header :is \"a\" { }"),
              "script:1:4: error: the header test takes 2 positional arguments (header-names, "
              "key-list) but 1 were given\n");
}

TEST(SieveValidator, TagProblems)
{
    Harness h;
    EXPECT_EQ(h.errors("if header :is :contains \"a\" \"b\" { }"),
              "script:1:15: error: tagged arguments ':is' and ':contains' cannot be combined in "
              "the header test\n");
    EXPECT_EQ(h.errors("if header :is :is \"a\" \"b\" { }"),
              "script:1:15: error: tagged argument ':is' is given more than once for the header "
              "test\n");
    EXPECT_EQ(h.errors("if header :comparator \"a\" \"b\" { }"),
              "script:1:4: error: the header test takes 2 positional arguments (header-names, "
              "key-list) but 1 were given\n");
    EXPECT_EQ(h.errors("if header \"a\" :is \"b\" { }"),
              "script:1:15: error: tagged argument ':is' must come before the positional "
              "arguments of the header test\n");
    EXPECT_EQ(h.errors("if header :bogus \"a\" \"b\" { }"),
              "script:1:11: error: unknown tagged argument ':bogus' for the header test\n");
}

TEST(SieveValidator, Comparators)
{
    Harness h;
    EXPECT_EQ(h.errors("if header :comparator \"i;nope\" \"a\" \"b\" { }"),
              "script:1:23: error: unknown comparator 'i;nope'\n");
    EXPECT_EQ(h.errors("if header :comparator \"i;ascii-numeric\" \"a\" \"1\" { }"),
              "script:1:23: error: comparator 'i;ascii-numeric' needs require "
              "\"comparator-i;ascii-numeric\"\n");
    EXPECT_EQ(h.errors("require \"comparator-i;ascii-numeric\";\n"
                       "if header :contains :comparator \"i;ascii-numeric\" \"a\" \"1\" { }"),
              "script:2:11: error: comparator 'i;ascii-numeric' does not support :contains\n");
}

TEST(SieveValidator, IfChain)
{
    Harness h;
    EXPECT_EQ(h.errors("else { keep; }"),
              "script:1:1: error: 'else' without a preceding 'if' or 'elsif'\n");
    EXPECT_EQ(h.errors("if true { } else { } elsif true { }"),
              "script:1:22: error: 'elsif' without a preceding 'if' or 'elsif'\n");
    EXPECT_EQ(h.errors("if true;"), "script:1:1: error: 'if' needs a block\n");
    EXPECT_EQ(h.errors("if { }"), "script:1:1: error: 'if' needs exactly one test\n");
    EXPECT_EQ(h.errors("keep { }"), "script:1:1: error: the keep command takes no block\n");
    EXPECT_EQ(h.errors("if not (true, false) { }"),
              "script:1:4: error: the not test takes exactly one test (not a list)\n");
    EXPECT_EQ(h.errors("if anyof true { }"),
              "script:1:4: error: the anyof test takes a test list: anyof(...)\n");
}

TEST(SieveValidator, SeveralErrorsInOneScript)
{
    Harness h;
    const std::string e = h.errors(
        "require \"nope\";\nfoo;\nif header :is \"x\" { }\nredirect \"not an address\";\n");
    EXPECT_EQ(e,
              "script:1:9: error: unsupported Sieve capability 'nope'\n"
              "script:2:1: error: unknown command 'foo'\n"
              "script:3:4: error: the header test takes 2 positional arguments (header-names, "
              "key-list) but 1 were given\n"
              "script:4:10: error: redirect: invalid address 'not an address'\n");
}

TEST(SieveValidator, ErrorCountIsBounded)
{
    Harness h;
    h.settings.limits.max_errors = 5;
    std::string s;
    for (int i = 0; i < 50; ++i) {
        s += "bogus;\n";
    }
    const CompileResult r = h.compile_only(s);
    EXPECT_EQ(r.diagnostics.error_count(), 5u);
}

TEST(SieveValidator, ScriptSizeLimit)
{
    Harness h;
    h.settings.limits.max_script_size = 10;
    EXPECT_EQ(h.errors("keep; keep; keep;"),
              "script:1:1: error: the script is larger than the limit of 10 bytes\n");
}

TEST(SieveValidator, AddressTestOnlyOnAddressFields)
{
    Harness h;
    EXPECT_EQ(h.errors("if address \"subject\" \"x\" { }"),
              "script:1:12: error: header 'subject' does not hold addresses: the address test "
              "cannot use it\n");
}

TEST(SieveValidator, InvalidHeaderNameIsAWarning)
{
    Harness h;
    const auto o = h.run("if header :is \"a:b\" \"x\" { discard; }", make_message({"A: x"}));
    ASSERT_TRUE(o.compiled);
    EXPECT_NE(o.diagnostics.find("warning"), std::string::npos);
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
}

TEST(SieveValidator, IdentifiersAreCaseInsensitive)
{
    Harness h;
    const auto o =
        h.run("REQUIRE \"FileInto\";\nIF HEADER :CONTAINS \"Subject\" \"x\" { FILEINTO \"a\"; }",
              make_message({"Subject: x"}));
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_EQ(o.actions(), Actions{"fileinto:a"});
}

}  // namespace
}  // namespace roost::sieve::testing
