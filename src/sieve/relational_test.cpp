// relational (RFC 5231) and the comparators (RFC 4790): the RFC's examples and orderings.
#include "sieve/comparator.hpp"
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

// RFC 5231 section 6's message.
const std::string kMsg =
    make_message({"Received: from a.example.com by b.example.com",
                  "Received: from c.example.com by a.example.com", "Subject: example",
                  "To: foo@example.com, baz@example.com", "CC: qux@example.com"});

bool holds(Harness& h, const std::string& test)
{
    const auto o = h.run(
        "require [\"relational\", \"comparator-i;ascii-numeric\"];\nif " + test + " { discard; }",
        kMsg);
    EXPECT_TRUE(o.compiled) << o.diagnostics;
    return o.actions() == Actions{"discard"};
}

TEST(SieveRelational, Section6Examples)
{
    Harness h;
    EXPECT_TRUE(
        holds(h, R"(address :count "ge" :comparator "i;ascii-numeric" ["to", "cc"] ["3"])"));
    EXPECT_FALSE(
        holds(h, R"(header :count "ge" :comparator "i;ascii-numeric" ["received"] ["3"])"));
    EXPECT_TRUE(holds(
        h, R"(header :count "ge" :comparator "i;ascii-numeric" ["received", "subject"] ["3"])"));
    EXPECT_FALSE(
        holds(h, R"(header :count "ge" :comparator "i;ascii-numeric" ["to", "cc"] ["3"])"));
}

TEST(SieveRelational, Section6Script)
{
    const char* s = R"(require ["relational", "comparator-i;ascii-numeric", "fileinto"];

if header :value "lt" :comparator "i;ascii-numeric"
          ["x-priority"] ["3"]
{
   fileinto "Priority";
}

elsif address :count "gt" :comparator "i;ascii-numeric"
          ["to"] ["5"]
{
   # everything with more than 5 recipients in the "to" field
   # is considered SPAM
   fileinto "SPAM";
}

elsif address :value "gt" :all :comparator "i;ascii-casemap"
          ["from"] ["M"]
{
   fileinto "From N-Z";
} else {
   fileinto "From A-M";
}

if allof ( address :count "eq" :comparator "i;ascii-numeric"
                   ["to", "cc"] ["1"] ,
           address :all :comparator "i;ascii-casemap"
                   ["to", "cc"] ["me@foo.example.com"] )
{
   fileinto "Only me";
})";
    Harness h;
    EXPECT_EQ(h.run(s, make_message({"X-Priority: 1", "From: a@b.c", "To: x@y.z"})).actions(),
              Actions{"fileinto:Priority"});
    EXPECT_EQ(
        h.run(s, make_message({"From: a@b.c", "To: 1@y.z, 2@y.z, 3@y.z, 4@y.z, 5@y.z, 6@y.z"}))
            .actions(),
        Actions{"fileinto:SPAM"});
    EXPECT_EQ(h.run(s, make_message({"From: zed@b.c", "To: x@y.z"})).actions(),
              Actions{"fileinto:From N-Z"});
    EXPECT_EQ(h.run(s, make_message({"From: adam@b.c", "To: me@foo.example.com"})).actions(),
              (Actions{"fileinto:From A-M", "fileinto:Only me"}));
    // No X-Priority at all: :value has nothing to compare, so it is false.
    EXPECT_EQ(h.run(s, make_message({"From: adam@b.c", "To: x@y.z"})).actions(),
              Actions{"fileinto:From A-M"});
}

TEST(SieveRelational, AllRelations)
{
    const std::string n = "if header :value \"";
    Harness g;
    const std::string msg = make_message({"X-N: 10"});
    auto rel = [&](const char* r, const char* key) {
        return g.run(std::string("require [\"relational\", \"comparator-i;ascii-numeric\"];\n") +
                         n + r + "\" :comparator \"i;ascii-numeric\" \"x-n\" \"" + key +
                         "\" { discard; }",
                     msg)
                   .actions() == Actions{"discard"};
    };
    EXPECT_TRUE(rel("gt", "9"));
    EXPECT_FALSE(rel("gt", "10"));
    EXPECT_TRUE(rel("ge", "10"));
    EXPECT_TRUE(rel("lt", "11"));
    EXPECT_FALSE(rel("lt", "10"));
    EXPECT_TRUE(rel("le", "10"));
    EXPECT_TRUE(rel("eq", "010"));
    EXPECT_TRUE(rel("ne", "9"));
    EXPECT_TRUE(rel("lt", "x"));  // a non-number is positive infinity
    EXPECT_EQ(g.errors("require \"relational\";\nif header :value \"bigger\" \"a\" \"b\" { }"),
              "script:2:18: error: invalid relation 'bigger' for :value (expected gt, ge, lt, le, "
              "eq or ne)\n");
}

TEST(SieveComparators, Orderings)
{
    const Comparator& num = ascii_numeric_comparator();
    EXPECT_EQ(num.compare("10", "9"), 1);
    EXPECT_EQ(num.compare("007", "7"), 0);
    EXPECT_EQ(num.compare("12abc", "12"), 0);
    EXPECT_EQ(num.compare("abc", "99999999999999999999999"), 1);
    EXPECT_EQ(num.compare("abc", "xyz"), 0);
    EXPECT_EQ(num.compare("123456789012345678901234567890", "123456789012345678901234567891"), -1);
    const Comparator& cm = ascii_casemap_comparator();
    EXPECT_TRUE(cm.equals("ABC", "abc"));
    EXPECT_EQ(cm.compare("a", "B"), -1);
    EXPECT_EQ(cm.compare("_", "a"), 1);  // compared upper-cased: 0x5F after 0x41
    const Comparator& oc = octet_comparator();
    EXPECT_FALSE(oc.equals("ABC", "abc"));
    EXPECT_EQ(oc.compare("B", "a"), -1);
    EXPECT_EQ(oc.compare("\xC3", "a"), 1);
    EXPECT_EQ(find_comparator("I;OCTET"), &oc);
    EXPECT_EQ(find_comparator("i;unknown"), nullptr);
}

TEST(SieveComparators, CountWithCasemapComparesDecimalStrings)
{
    Harness h;
    EXPECT_TRUE(holds(h, R"(header :count "eq" "received" "2")"));
}

}  // namespace
}  // namespace roost::sieve::testing
