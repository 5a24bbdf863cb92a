// date and index (RFC 5260): date-parts, zones, currentdate, :index/:last.
#include "sieve/ext_date.hpp"
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

TEST(SieveDate, DateParts)
{
    // 2009-02-20 09:35:07 -0800 = 1235151307
    const std::int64_t t = 1235151307;
    const int z = -480;
    EXPECT_EQ(date_part(t, z, "year"), "2009");
    EXPECT_EQ(date_part(t, z, "month"), "02");
    EXPECT_EQ(date_part(t, z, "day"), "20");
    EXPECT_EQ(date_part(t, z, "date"), "2009-02-20");
    EXPECT_EQ(date_part(t, z, "julian"), "54882");
    EXPECT_EQ(date_part(t, z, "hour"), "09");
    EXPECT_EQ(date_part(t, z, "minute"), "35");
    EXPECT_EQ(date_part(t, z, "second"), "07");
    EXPECT_EQ(date_part(t, z, "time"), "09:35:07");
    EXPECT_EQ(date_part(t, z, "iso8601"), "2009-02-20T09:35:07-08:00");
    EXPECT_EQ(date_part(t, z, "std11"), "Fri, 20 Feb 2009 09:35:07 -0800");
    EXPECT_EQ(date_part(t, z, "zone"), "-0800");
    EXPECT_EQ(date_part(t, z, "weekday"), "5");
    EXPECT_EQ(date_part(t, 0, "hour"), "17");
    EXPECT_FALSE(date_part(t, 0, "fortnight").has_value());
    EXPECT_EQ(parse_zone("+0530"), 330);
    EXPECT_EQ(parse_zone("-0000"), 0);
    EXPECT_FALSE(parse_zone("0530").has_value());
    EXPECT_FALSE(parse_zone("+05:30").has_value());
}

const std::string kMsg =
    make_message({"From: boss@example.com", "Date: Fri, 20 Feb 2009 11:35:07 -0800",
                  "Received: from a by b; Sun, 22 Feb 2009 01:00:00 +0000",
                  "Received: from c by a; Sat, 21 Feb 2009 23:00:00 +0000"});

TEST(SieveDate, Rfc5260Examples)
{
    Harness h;
    EXPECT_EQ(h.run(R"(require ["date", "relational", "fileinto"];
if allof(header :is "from" "boss@example.com",
         date :value "ge" :originalzone "date" "hour" "09",
         date :value "lt" :originalzone "date" "hour" "17")
{
    fileinto "urgent";
})",
                    kMsg)
                  .actions(),
              Actions{"fileinto:urgent"});
    EXPECT_EQ(h.run(R"(require ["date", "relational", "fileinto"];
if anyof(date :is "received" "weekday" "0",
         date :is "received" "weekday" "6")
{
    fileinto "weekend";
})",
                    kMsg)
                  .actions(),
              Actions{"fileinto:weekend"});
    EXPECT_EQ(h.run(R"(require ["date", "variables", "fileinto"];
if date :matches "received" "year" "*" { set "year" "${1}"; }
if date :matches "received" "month" "*" { set "month" "${1}"; }
fileinto "INBOX.${year}-${month}";)",
                    kMsg)
                  .actions(),
              Actions{"fileinto:INBOX.2009-02"});
    h.env.clock = Now{1183507200, 0};  // 2007-07-04
    EXPECT_EQ(h.run(R"(require ["date", "relational", "vacation"];
if allof(currentdate :value "ge" "date" "2007-06-30",
         currentdate :value "le" "date" "2007-07-07")
{
    vacation :days 7  "I'm away during the first week in July.";
})",
                    make_message({"From: a@example.org", "To: me@example.com"}))
                  .actions(),
              (Actions{"vacation:sender@example.org", "keep:INBOX"}));
}

TEST(SieveDate, EditheaderExample)
{
    Harness h;
    const auto o = h.run(R"(require ["variables", "date", "editheader"];
if currentdate :matches "std11" "*" {addheader "Processing-date" "${0}";}
if header :is "processing-date" "Tue, 14 Nov 2023 22:13:20 +0000" { discard; })",
                         kMsg);
    EXPECT_EQ(o.actions(), Actions{"discard"});
}

TEST(SieveDate, Zones)
{
    Harness h;
    auto t = [&](const std::string& test) {
        return h.run("require [\"date\", \"index\"];\nif " + test + " { discard; }", kMsg)
                   .actions() == Actions{"discard"};
    };
    EXPECT_TRUE(t("date :zone \"+0000\" \"date\" \"hour\" \"19\""));
    EXPECT_TRUE(t("date :originalzone \"date\" \"zone\" \"-0800\""));
    h.env.clock.zone_minutes = 60;
    EXPECT_TRUE(t("date \"date\" \"hour\" \"20\""));  // the host's zone
    EXPECT_TRUE(t("date \"date\" \"zone\" \"+0100\""));
    EXPECT_TRUE(t("date :index 2 :zone \"+0000\" \"received\" \"date\" \"2009-02-21\""));
    EXPECT_TRUE(t("date :index 1 :last :zone \"+0000\" \"received\" \"date\" \"2009-02-21\""));
    EXPECT_FALSE(t("date :index 3 \"received\" \"date\" \"2009-02-21\""));
    EXPECT_TRUE(t("currentdate :zone \"-0500\" \"hour\" \"17\""));
    EXPECT_FALSE(t("date \"x-missing\" \"year\" \"2009\""));
    EXPECT_EQ(h.errors("require \"date\";\nif date :zone \"PST\" \"date\" \"hour\" \"1\" { }"),
              "script:2:15: error: invalid time zone 'PST' (expected +hhmm or -hhmm)\n");
    EXPECT_EQ(h.errors("require \"date\";\nif date \"date\" \"fortnight\" \"1\" { }"),
              "script:2:16: error: unknown date part 'fortnight'\n");
    EXPECT_EQ(h.errors("require [\"date\", \"index\"];\nif date :last \"date\" \"year\" \"1\" { }"),
              "script:2:9: error: :last is only allowed together with :index\n");
}

TEST(SieveIndex, HeaderAndAddress)
{
    Harness h;
    const std::string m = make_message(
        {"X-A: one", "To: a@example.org", "X-A: two", "To: b@example.org", "X-A: three"});
    auto t = [&](const std::string& test) {
        return h.run("require \"index\";\nif " + test + " { discard; }", m).actions() ==
               Actions{"discard"};
    };
    EXPECT_TRUE(t("header :index 2 \"x-a\" \"two\""));
    EXPECT_FALSE(t("header :index 2 \"x-a\" \"one\""));
    EXPECT_TRUE(t("header :index 1 :last \"x-a\" \"three\""));
    EXPECT_TRUE(t("header :index 3 :last \"x-a\" \"one\""));
    EXPECT_TRUE(t("address :index 2 \"to\" \"b@example.org\""));
    EXPECT_EQ(h.errors("require \"index\";\nif header :index 0 \"x\" \"y\" { }"),
              "script:2:18: error: the :index position must be 1 or more\n");
}

}  // namespace
}  // namespace roost::sieve::testing
