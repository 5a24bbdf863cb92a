// Match type primitives: :is, :contains, :matches with captures, :regex.
#include "sieve/match.hpp"

#include <gtest/gtest.h>

namespace roost::sieve {
namespace {

const Comparator& cm = ascii_casemap_comparator();
const Comparator& oc = octet_comparator();

TEST(SieveMatch, Wildcards)
{
    EXPECT_TRUE(match_wildcard(cm, "hello", "h*o", nullptr));
    EXPECT_TRUE(match_wildcard(cm, "hello", "H?LLO", nullptr));
    EXPECT_FALSE(match_wildcard(oc, "hello", "H?LLO", nullptr));
    EXPECT_TRUE(match_wildcard(cm, "", "*", nullptr));
    EXPECT_FALSE(match_wildcard(cm, "", "?", nullptr));
    EXPECT_TRUE(match_wildcard(cm, "a*b", "a\\*b", nullptr));
    EXPECT_FALSE(match_wildcard(cm, "axb", "a\\*b", nullptr));
    EXPECT_TRUE(match_wildcard(cm, "a?b", "a\\?b", nullptr));
    EXPECT_TRUE(match_wildcard(cm, "a\\b", "a\\\\b", nullptr));
    EXPECT_TRUE(match_wildcard(cm, "caf\xC3\xA9", "caf?", nullptr));  // '?' is one character
    EXPECT_FALSE(match_wildcard(cm, "abc", "ab", nullptr));
    EXPECT_TRUE(match_wildcard(cm, "make money fast now", "*make*money*fast*", nullptr));
}

TEST(SieveMatch, WildcardCapturesAreShortestFromTheLeft)
{
    std::vector<std::string> c;
    ASSERT_TRUE(match_wildcard(cm, "a.b.c", "*.*", &c));
    EXPECT_EQ(c, (std::vector<std::string>{"a.b.c", "a", "b.c"}));
    ASSERT_TRUE(match_wildcard(cm, "coyote@ACME.Example.COM", "coyote@**.com", &c));
    EXPECT_EQ(c, (std::vector<std::string>{"coyote@ACME.Example.COM", "", "ACME.Example"}));
    ASSERT_TRUE(match_wildcard(cm, "xyz", "?*?", &c));
    EXPECT_EQ(c, (std::vector<std::string>{"xyz", "x", "y", "z"}));
}

TEST(SieveMatch, WildcardWorstCaseIsQuadraticNotExponential)
{
    const std::string value(20000, 'a');
    EXPECT_FALSE(match_wildcard(cm, value, "*a*a*a*a*a*a*a*a*a*a*b", nullptr));
}

TEST(SieveMatch, Contains)
{
    EXPECT_TRUE(match_contains(cm, "Hello World", "WORLD"));
    EXPECT_FALSE(match_contains(oc, "Hello World", "WORLD"));
    EXPECT_TRUE(match_contains(cm, "x", ""));
    EXPECT_FALSE(match_contains(cm, "", "x"));
}

TEST(SieveMatch, Regex)
{
    Regex re("^st(ephan)?(\\+.*)?@example\\.com$", true);
    ASSERT_TRUE(re.ok()) << re.error();
    std::vector<std::string> g;
    EXPECT_TRUE(re.search("Stephan+lists@EXAMPLE.com", &g));
    ASSERT_EQ(g.size(), 3u);
    EXPECT_EQ(g[2], "+lists");
    EXPECT_FALSE(re.search("stephen@example.com", nullptr));
    Regex bad("(", false);
    EXPECT_FALSE(bad.ok());
    EXPECT_TRUE(check_regex_key("(a)\\1", 100).has_value());
    EXPECT_FALSE(check_regex_key("a\\.b", 100).has_value());
    EXPECT_TRUE(check_regex_key(std::string(200, 'a'), 100).has_value());
    Regex nul("b", false);
    EXPECT_TRUE(nul.search(std::string_view("a\0b", 3), nullptr));
}

TEST(SieveMatch, Relations)
{
    EXPECT_EQ(parse_relation("GE"), Relation::Ge);
    EXPECT_FALSE(parse_relation("gte").has_value());
    EXPECT_TRUE(relation_holds(Relation::Ne, 1));
    EXPECT_FALSE(relation_holds(Relation::Eq, -1));
}

}  // namespace
}  // namespace roost::sieve
