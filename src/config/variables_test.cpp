#include "config/variables.hpp"

#include <gtest/gtest.h>

namespace roost::config {
namespace {

Variables user_vars()
{
    Variables v;
    v.letters = user_letters();
    v.values = {{"user", "Alice@Example.org"}, {"username", "Alice"}, {"domain", "Example.org"},
                {"service", "imap"},           {"home", "/srv/mail/alice"}, {"uid", "1234"},
                {"hostname", "mx.example.org"}};
    v.hash = [](std::string_view method, std::string_view data) -> std::optional<std::string> {
        if (method == "md5") {
            return "md5(" + std::string(data) + ")";
        }
        return std::nullopt;
    };
    return v;
}

std::string expand(std::string_view text)
{
    auto r = expand_variables(text, user_vars());
    return r ? *r : "ERROR: " + r.error().message;
}

TEST(Variables, LettersAndLongNames)
{
    EXPECT_EQ(expand("/srv/mail/%d/%n"), "/srv/mail/Example.org/Alice");
    EXPECT_EQ(expand("%{user} via %s"), "Alice@Example.org via imap");
    EXPECT_EQ(expand("100%% sure"), "100% sure");
    EXPECT_EQ(expand("no variables"), "no variables");
}

TEST(Variables, Modifiers)
{
    EXPECT_EQ(expand("%Lu"), "alice@example.org");
    EXPECT_EQ(expand("%Un"), "ALICE");
    EXPECT_EQ(expand("%Rn"), "ecilA");
    EXPECT_EQ(expand("%Xi"), "4d2");
    EXPECT_EQ(expand("%Dd"), "dc=Example,dc=org");
    EXPECT_EQ(expand("%Mn"), "md5(Alice)");
}

TEST(Variables, WidthOffsetAndZeroPadding)
{
    EXPECT_EQ(expand("%2n"), "Al");
    EXPECT_EQ(expand("%2.1n"), "i");
    EXPECT_EQ(expand("%-2.2i"), "34");
    EXPECT_EQ(expand("%08Xi"), "000004d2");
    EXPECT_EQ(expand("%04i"), "1234");
    EXPECT_EQ(expand("%06i"), "001234");
    EXPECT_EQ(expand("%9.1n"), "");
}

TEST(Variables, Conditionals)
{
    EXPECT_EQ(expand("postmaster@%{if;%d;ne;;%d;%{hostname}}"), "postmaster@Example.org");
    Variables v = user_vars();
    v.values["domain"] = "";
    auto r = expand_variables("postmaster@%{if;%d;ne;;%d;%{hostname}}", v);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "postmaster@mx.example.org");
    EXPECT_EQ(expand("%{if;%i;>;1000;big;small}"), "big");
    EXPECT_EQ(expand("%{if;%n;*;Al*;yes;no}"), "yes");
    EXPECT_EQ(expand("%{if;%n;~;^B;yes;no}"), "no");
    EXPECT_NE(expand("%{if;a;b}").find("ERROR"), std::string::npos);
}

TEST(Variables, Dovecot24Filters)
{
    EXPECT_EQ(expand("%{user | lower}"), "alice@example.org");
    EXPECT_EQ(expand("%{user | domain | upper}"), "EXAMPLE.ORG");
    EXPECT_EQ(expand("%{user | username}"), "Alice");
    EXPECT_EQ(expand("%{uid | hex}"), "4d2");
    EXPECT_NE(expand("%{user | frobnicate}").find("Unknown filter"), std::string::npos);
}

TEST(Variables, HashesNeedAHashFunction)
{
    EXPECT_EQ(expand("%{md5:user}"), "md5(Alice@Example.org)");
    EXPECT_NE(expand("%{sha3:user}").find("Unknown hash method"), std::string::npos);
    Variables v = user_vars();
    v.hash = nullptr;
    EXPECT_FALSE(expand_variables("%{md5:user}", v).ok());
}

TEST(Variables, ErrorsNameTheVariable)
{
    EXPECT_EQ(expand("%q"), "ERROR: Unknown variable %q");
    EXPECT_EQ(expand("%{nosuch}"), "ERROR: Unknown variable %{nosuch}");
    EXPECT_EQ(expand("%{user"), "ERROR: Missing '}' in %{...}");
    EXPECT_EQ(expand("ends %"), "ERROR: '%' at the end of the value");
}

TEST(Variables, SyntaxCheck)
{
    EXPECT_EQ(check_variable_syntax("/srv/%d/%Ln %{user} %08Xu %%"), "");
    EXPECT_NE(check_variable_syntax("%{user"), "");
    EXPECT_NE(check_variable_syntax("50%"), "");
    EXPECT_NE(check_variable_syntax("%L"), "");
}

TEST(Variables, ContextLettersDiffer)
{
    // In pop3_uidl_format, %u is the UID and %v the UIDVALIDITY.
    Variables v;
    v.set("uid", "1", 'u');
    v.set("uidvalidity", "1795336834", 'v');
    auto r = expand_variables("%08Xu%08Xv", v);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "000000016b02aa82");  // as Dovecot printed it (reference doc)
}

}  // namespace
}  // namespace roost::config
