// Parser tests: the tree of commands, tests and arguments, and error recovery.
#include "sieve/parser.hpp"

#include <gtest/gtest.h>

namespace roost::sieve {
namespace {

TEST(SieveParser, CommandsTestsAndBlocks)
{
    Diagnostics d;
    const AstScript s = parse_script(
        "require [\"fileinto\"];\nif anyof (header :is \"a\" \"b\", not true) { fileinto \"x\"; }\n"
        "else { keep; }",
        d);
    ASSERT_FALSE(d.has_errors()) << d.format("t");
    ASSERT_EQ(s.commands.size(), 3u);
    EXPECT_EQ(s.commands[0].name, "require");
    EXPECT_EQ(s.commands[0].args[0].kind, AstArgument::Kind::Strings);
    const AstNode& iff = s.commands[1];
    EXPECT_EQ(iff.name, "if");
    ASSERT_EQ(iff.tests.size(), 1u);
    const AstNode& anyof = iff.tests[0];
    EXPECT_TRUE(anyof.test_list);
    ASSERT_EQ(anyof.tests.size(), 2u);
    EXPECT_EQ(anyof.tests[0].args.size(), 3u);
    EXPECT_EQ(anyof.tests[0].args[0].kind, AstArgument::Kind::Tag);
    EXPECT_EQ(anyof.tests[1].name, "not");
    EXPECT_EQ(anyof.tests[1].tests[0].name, "true");
    EXPECT_TRUE(iff.has_block);
    EXPECT_EQ(iff.block.size(), 1u);
    EXPECT_EQ(s.commands[2].name, "else");
}

TEST(SieveParser, MissingSemicolon)
{
    Diagnostics d;
    parse_script("keep\n\"x\"", d);
    ASSERT_EQ(d.error_count(), 1u);
    EXPECT_EQ(d.format("s"),
              "s:2:4: error: expected ';' or a block '{' after command 'keep' but "
              "found end of script\n");
}

TEST(SieveParser, ReportsSeveralErrors)
{
    Diagnostics d;
    const AstScript s = parse_script(
        "keep\n;\nif true { stop }\nfileinto \"a\" \"b\" ];\nredirect [;\ndiscard;", d);
    EXPECT_GE(d.error_count(), 3u) << d.format("s");
    ASSERT_FALSE(s.commands.empty());
    EXPECT_EQ(s.commands.back().name, "discard");
}

TEST(SieveParser, UnclosedBlock)
{
    Diagnostics d;
    parse_script("if true {\n keep;\n", d);
    EXPECT_EQ(d.format("s"), "s:1:1: error: missing '}' to close the block of 'if'\n");
}

TEST(SieveParser, StrayClosingBrace)
{
    Diagnostics d;
    parse_script("keep;\n}\n", d);
    EXPECT_EQ(d.format("s"), "s:2:1: error: unexpected '}' without a matching '{'\n");
}

TEST(SieveParser, BadStringList)
{
    Diagnostics d;
    parse_script("if header :is [\"a\" \"b\"] \"c\" { keep; }", d);
    EXPECT_EQ(d.format("s"),
              "s:1:20: error: expected ',' or ']' in the string list but found string\n");
}

TEST(SieveParser, BadTestList)
{
    Diagnostics d;
    parse_script("if anyof(true; false) { keep; }", d);
    EXPECT_EQ(d.format("s"),
              "s:1:14: error: expected ',' or ')' in the test list opened at line 1 but found "
              "';'\n");
}

TEST(SieveParser, NestingIsBounded)
{
    std::string deep;
    for (int i = 0; i < 100; ++i) {
        deep += "if true {";
    }
    Diagnostics d;
    parse_script(deep, d, ParseLimits{32});
    EXPECT_TRUE(d.has_errors());
    std::string tests = "if ";
    for (int i = 0; i < 100; ++i) {
        tests += "not ";
    }
    tests += "true {}";
    Diagnostics d2;
    parse_script(tests, d2, ParseLimits{32});
    EXPECT_TRUE(d2.has_errors());
}

TEST(SieveParser, EmptyScriptIsValid)
{
    Diagnostics d;
    EXPECT_TRUE(parse_script("", d).commands.empty());
    EXPECT_TRUE(parse_script("# only a comment\n", d).commands.empty());
    EXPECT_FALSE(d.has_errors());
}

}  // namespace
}  // namespace roost::sieve
