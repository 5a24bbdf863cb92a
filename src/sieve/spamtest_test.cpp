// spamtest, spamtestplus and virustest (RFC 5235) configured as Pigeonhole's settings do.
#include "sieve/settings_parse.hpp"
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

Harness configured()
{
    Harness h;
    EXPECT_TRUE(apply_setting(h.settings, "sieve_spamtest_status_type", "score").ok());
    EXPECT_TRUE(apply_setting(h.settings, "sieve_spamtest_status_header",
                              "X-Spam-Score: score=(-?[0-9]+(\\.[0-9]+)?)")
                    .ok());
    EXPECT_TRUE(apply_setting(h.settings, "sieve_spamtest_max_value", "5.0").ok());
    EXPECT_TRUE(apply_setting(h.settings, "sieve_virustest_status_type", "text").ok());
    EXPECT_TRUE(apply_setting(h.settings, "sieve_virustest_status_header", "X-Virus-Scan").ok());
    EXPECT_TRUE(apply_setting(h.settings, "sieve_virustest_text_value1", "clean").ok());
    EXPECT_TRUE(apply_setting(h.settings, "sieve_virustest_text_value5", "infected").ok());
    return h;
}

const char* kSpam = R"(require ["spamtest", "fileinto", "relational", "comparator-i;ascii-numeric"];
if spamtest :value "eq" :comparator "i;ascii-numeric" "0"
{
    fileinto "INBOX.unclassified";
}
elsif spamtest :value "ge" :comparator "i;ascii-numeric" "3"
{
    fileinto "INBOX.spam-trap";
})";

TEST(SieveSpamtest, Rfc5235Section3Example)
{
    Harness h = configured();
    EXPECT_EQ(h.run(kSpam, make_message({"From: a@b.c"})).actions(),
              Actions{"fileinto:INBOX.unclassified"});
    EXPECT_EQ(h.run(kSpam, make_message({"X-Spam-Score: score=4.2 required=5"})).actions(),
              Actions{"fileinto:INBOX.spam-trap"});
    EXPECT_EQ(h.run(kSpam, make_message({"X-Spam-Score: score=0.1 required=5"})).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.run(kSpam, make_message({"X-Spam-Score: score=-3 required=5"})).actions(),
              Actions{"keep:INBOX"});
}

TEST(SieveSpamtest, Levels)
{
    Harness h = configured();
    auto level = [&](const std::string& header, const std::string& test) {
        return h.run("require [\"spamtestplus\", \"virustest\", \"relational\"];\nif " + test +
                         " { discard; }",
                     make_message({header}))
                   .actions() == Actions{"discard"};
    };
    EXPECT_TRUE(level("X-Spam-Score: score=5.0", "spamtest \"10\""));
    EXPECT_TRUE(level("X-Spam-Score: score=9.0", "spamtest \"10\""));
    EXPECT_TRUE(level("X-Spam-Score: score=0", "spamtest \"1\""));
    EXPECT_TRUE(level("X-Spam-Score: score=2.5", "spamtest :percent \"50\""));
    EXPECT_TRUE(level("X-Spam-Score: score=2.5", "spamtest \"5\""));  // 1 + floor(4.5)
    EXPECT_TRUE(level("X-Spam-Score: garbage", "spamtest \"0\""));
    EXPECT_TRUE(level("X-Virus-Scan: clean", "virustest \"1\""));
    EXPECT_TRUE(level("X-Virus-Scan: Infected", "virustest \"5\""));
    EXPECT_TRUE(level("X-Virus-Scan: unknown", "virustest \"0\""));
}

TEST(SieveSpamtest, Rfc5235VirustestExample)
{
    Harness h = configured();
    const char* s =
        R"(require ["virustest", "fileinto", "relational", "comparator-i;ascii-numeric"];
if virustest :value "eq" :comparator "i;ascii-numeric" "0"
{
    fileinto "INBOX.unclassified";
}
if virustest :value "eq" :comparator "i;ascii-numeric" "4"
{
    fileinto "INBOX.quarantine";
}
elsif virustest :value "eq" :comparator "i;ascii-numeric" "5"
{
    discard;
})";
    EXPECT_EQ(h.run(s, make_message({"X-Virus-Scan: infected"})).actions(), Actions{"discard"});
    EXPECT_EQ(h.run(s, make_message({"From: a@b.c"})).actions(),
              Actions{"fileinto:INBOX.unclassified"});
}

TEST(SieveSpamtest, NotAnnouncedUnlessConfigured)
{
    Harness h;
    EXPECT_EQ(h.errors("require \"spamtest\";"),
              "script:1:9: error: unsupported Sieve capability 'spamtest'\n");
    Harness c = configured();
    EXPECT_EQ(
        c.errors("require \"spamtest\";\nif spamtest :percent \"1\" { }"),
        "script:2:13: error: unknown tagged argument ':percent' for the spamtest test (it needs "
        "require \"spamtestplus\")\n");
}

TEST(SieveSettings, ParseValues)
{
    EXPECT_EQ(*parse_duration("7d"), 7 * 86400);
    EXPECT_EQ(*parse_duration("12 hours"), 12 * 3600);
    EXPECT_EQ(*parse_duration("30"), 30);
    EXPECT_FALSE(parse_duration("3 fortnights").ok());
    EXPECT_EQ(*parse_size("1M"), 1u << 20);
    Settings s;
    EXPECT_TRUE(*apply_setting(s, "sieve_max_actions", "5"));
    EXPECT_EQ(s.limits.max_actions, 5u);
    EXPECT_FALSE(*apply_setting(s, "mail_location", "x"));
    EXPECT_FALSE(apply_setting(s, "sieve_max_actions", "many").ok());
    EXPECT_TRUE(*apply_setting(s, "sieve_extensions", "-enotify +editheader"));
    const auto enabled = enabled_extensions(s);
    EXPECT_EQ(std::count(enabled.begin(), enabled.end(), "enotify"), 0);
    EXPECT_EQ(std::count(enabled.begin(), enabled.end(), "editheader"), 1);
    EXPECT_TRUE(*apply_setting(s, "sieve_extensions", "fileinto"));
    EXPECT_EQ(enabled_extensions(s), (std::vector<std::string>{"fileinto", "comparator-i;octet",
                                                               "comparator-i;ascii-casemap"}));
}

}  // namespace
}  // namespace roost::sieve::testing
