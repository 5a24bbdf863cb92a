// variables (RFC 5229): the RFC's examples, modifiers, match variables and limits.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

// Runs a script and returns the mailbox it filed into ("" when it did not).
std::string filed(Harness& h, const std::string& script, const std::string& message)
{
    const auto o = h.run("require [\"variables\", \"fileinto\"];\n" + script, message);
    EXPECT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_FALSE(o.result.failed) << o.result.error;
    const auto* s = o.first<StoreAction>();
    return s != nullptr && !s->keep ? s->mailbox : std::string();
}

const std::string kMsg = make_message({"From: a@b.c", "Subject: hello"});

TEST(SieveVariables, Section3Examples)
{
    Harness h;
    const std::string prefix = "set \"company\" \"ACME\";\n";
    EXPECT_EQ(filed(h, prefix + "fileinto \"${company}\";", kMsg), "ACME");
    EXPECT_EQ(filed(h, prefix + "fileinto \"x${foo}y\";", kMsg), "xy");
    EXPECT_EQ(filed(h, prefix + "fileinto \"${BAD${Company}\";", kMsg), "${BADACME");
    EXPECT_EQ(filed(h, prefix + "fileinto \"${President, ${Company} Inc.}\";", kMsg),
              "${President, ACME Inc.}");
    EXPECT_EQ(filed(h, prefix + "fileinto \"${company\";", kMsg), "${company");
}

TEST(SieveVariables, Section4SetAndModifiers)
{
    Harness h;
    const std::string msg = kMsg;
    EXPECT_EQ(filed(h, R"(set "honorific"  "Mr";
set "first_name" "Wile";
set "last_name"  "Coyote";
set "vacation" text:
Dear ${HONORIFIC} ${last_name},
I'm out, please leave a message after the meep.
.
;
if string :matches "${vacation}" "Dear Mr Coyote,*meep.*" { fileinto "ok"; })",
                    msg),
              "ok");
    const std::string a = "set \"a\" \"juMBlEd lETteRS\";\n";
    EXPECT_EQ(filed(h, a + "set :length \"b\" \"${a}\"; fileinto \"${b}\";", msg), "15");
    EXPECT_EQ(filed(h, a + "set :lower \"b\" \"${a}\"; fileinto \"${b}\";", msg),
              "jumbled letters");
    EXPECT_EQ(filed(h, a + "set :upperfirst \"b\" \"${a}\"; fileinto \"${b}\";", msg),
              "JuMBlEd lETteRS");
    EXPECT_EQ(filed(h, a + "set :upperfirst :lower \"b\" \"${a}\"; fileinto \"${b}\";", msg),
              "Jumbled letters");
    EXPECT_EQ(filed(h, "set :quotewildcard \"b\" \"Rock*\"; fileinto \"${b}\";", msg), "Rock\\*");
    EXPECT_EQ(filed(h, "set :upper :length \"b\" \"abc\"; fileinto \"${b}\";", msg), "3");
    EXPECT_EQ(filed(h, "set :length \"b\" \"caf\xC3\xA9\"; fileinto \"${b}\";", msg), "4");
    EXPECT_EQ(filed(h, "set :lowerfirst \"b\" \"ABC\"; fileinto \"${b}\";", msg), "aBC");
}

TEST(SieveVariables, ModifierConflicts)
{
    Harness h;
    EXPECT_EQ(h.errors("require \"variables\";\nset :lower :upper \"a\" \"b\";"),
              "script:2:12: error: tagged arguments ':lower' and ':upper' cannot be combined in "
              "the set command\n");
}

TEST(SieveVariables, Section3_2MatchVariables)
{
    Harness h;
    const std::string list = make_message({"List-ID: Sieve list <sieve@example.org>",
                                           "Subject: [acme-users] [fwd] version 1.0 is out",
                                           "To: coyote@ACME.Example.COM"});
    EXPECT_EQ(filed(h,
                    "if header :matches \"List-ID\" \"*<*@*\" {\n    fileinto "
                    "\"INBOX.lists.${2}\"; stop;\n}",
                    list),
              "INBOX.lists.sieve");
    EXPECT_EQ(
        filed(h, "if header :matches \"Subject\" \"[*] *\" { fileinto \"${1}|${2}\"; }", list),
        "acme-users|[fwd] version 1.0 is out");
    EXPECT_EQ(filed(h,
                    "if address :matches [\"To\", \"Cc\"] [\"coyote@**.com\", \"wile@**.com\"] {\n"
                    "    fileinto \"${0}|${1}|${2}\"; stop;\n}",
                    list),
              "coyote@ACME.Example.COM||ACME.Example");
    // No match: the variables keep their values; an untouched test sets none.
    EXPECT_EQ(
        filed(h,
              "if header :matches \"Subject\" \"*\" { }\n"
              "if header :matches \"Subject\" \"nomatch*\" { }\n"
              "if anyof (true, address :domain :matches \"To\" \"*.com\") { fileinto \"${0}\"; }",
              list),
        "[acme-users] [fwd] version 1.0 is out");
    EXPECT_EQ(
        filed(h, "if header :matches \"Subject\" \"*?*\" { fileinto \"${1}-${2}-${3}-${4}\"; }",
              make_message({"Subject: xyz"})),
        "-x-yz-");
}

TEST(SieveVariables, StringTest)
{
    Harness h;
    EXPECT_EQ(filed(h, "set \"a\" \"x\"; if string :is \"${a}\" \"x\" { fileinto \"yes\"; }", kMsg),
              "yes");
    EXPECT_EQ(filed(h, "if string :is \"${unset}\" \"\" { fileinto \"empty\"; }", kMsg), "empty");
    EXPECT_EQ(h.run("require [\"variables\", \"relational\"];\n"
                    "if string :count \"eq\" [\"a\", \"\", \"b\"] \"2\" { discard; }",
                    kMsg)
                  .actions(),
              Actions{"discard"});
}

TEST(SieveVariables, NamesAndErrors)
{
    Harness h;
    EXPECT_EQ(h.errors("require \"variables\";\nset \"1\" \"x\";"),
              "script:2:5: error: cannot assign to match variable '1'\n");
    EXPECT_EQ(h.errors("require \"variables\";\nset \"a-b\" \"x\";"),
              "script:2:5: error: invalid variable name 'a-b'\n");
    EXPECT_EQ(h.errors("require \"variables\";\nset \"a\" \"${foo.bar}\";"),
              "script:2:9: error: variable 'foo.bar' is in an unknown namespace\n");
    EXPECT_EQ(filed(h, "set \"Name\" \"v\"; fileinto \"${NAME}${name}\";", kMsg), "vv");
}

TEST(SieveVariables, ValueSizeIsLimited)
{
    Harness h;
    h.settings.limits.max_variable_size = 8;
    EXPECT_EQ(filed(h, "set \"a\" \"0123456789abc\"; fileinto \"${a}\";", kMsg), "01234567");
}

TEST(SieveVariables, NoSubstitutionWithoutTheExtension)
{
    Harness h;
    const auto o = h.run("require \"fileinto\"; fileinto \"${x}\";", kMsg);
    EXPECT_EQ(o.actions(), Actions{"fileinto:${x}"});
}

}  // namespace
}  // namespace roost::sieve::testing
