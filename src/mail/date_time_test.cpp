// Tests of date parsing in RFC 5322, obsolete and broken forms, and of IMAP search dates.
#include "mail/date_time.hpp"

#include <gtest/gtest.h>

namespace roost::mail {
namespace {

TEST(DateTime, Rfc5322)
{
    const auto d = parse_date_time("Tue, 2 Jan 2024 10:05:06 +0130 (CET)");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->year, 2024);
    EXPECT_EQ(d->month, 1);
    EXPECT_EQ(d->day, 2);
    EXPECT_EQ(d->hour, 10);
    EXPECT_EQ(d->minute, 5);
    EXPECT_EQ(d->second, 6);
    EXPECT_EQ(d->zone_minutes, 90);
    EXPECT_TRUE(d->zone_known);
    EXPECT_EQ(d->unix_time(), 1704189906 - 90 * 60);  // 2024-01-02T10:05:06 at +01:30
    EXPECT_EQ(d->to_rfc5322(), "Tue, 2 Jan 2024 10:05:06 +0130");
}

TEST(DateTime, ObsoleteForms)
{
    const auto a = parse_date_time("Thu, 11 Mar 05 16:18 EST");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->year, 2005);
    EXPECT_EQ(a->second, 0);
    EXPECT_EQ(a->zone_minutes, -300);
    EXPECT_EQ(parse_date_time("1 Jan 99 00:00 GMT")->year, 1999);
    EXPECT_EQ(parse_date_time("1 Jan 103 00:00 GMT")->year, 2003);
    const auto m = parse_date_time("1 Jan 2020 00:00:00 A");
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->zone_known);  // military zones are unknown (RFC 5322 4.3)
    EXPECT_FALSE(parse_date_time("1 Jan 2020 00:00:00 -0000")->zone_known);
    EXPECT_EQ(parse_date_time("Mon,\n  1 Jan 2024 10:00 +0000")->day, 1);
}

TEST(DateTime, BrokenButCommonForms)
{
    const auto asc = parse_date_time("Mon Jan  2 10:00:00 2024");
    ASSERT_TRUE(asc);
    EXPECT_EQ(asc->day, 2);
    EXPECT_EQ(asc->year, 2024);
    const auto iso = parse_date_time("2024-01-02T10:00:00Z");
    ASSERT_TRUE(iso);
    EXPECT_EQ(iso->hour, 10);
    EXPECT_TRUE(iso->zone_known);
    EXPECT_EQ(parse_date_time("2 Jan 2024 10:00:00 +01:00")->zone_minutes, 60);
    EXPECT_EQ(parse_date_time("2 Jan 2024 10:00:00 GMT+0100")->zone_minutes, 60);
    EXPECT_EQ(parse_date_time("Monday, 02-Jan-2024 10:00:00 GMT")->month, 1);
    EXPECT_EQ(parse_date_time("2 Jan 2024")->hour, 0);
}

TEST(DateTime, Garbage)
{
    for (const char* bad : {"", "yesterday afternoon", "32 Jan 2024 10:00", "1 Foo 2024",
                            "31 Feb 2024 10:00:00 +0000", "1 Jan 2024 25:00:00", "(c)"}) {
        EXPECT_FALSE(parse_date_time(bad)) << bad;
    }
}

TEST(DateTime, ImapDate)
{
    EXPECT_EQ(parse_imap_date("1-Feb-1994"), (Date{1994, 2, 1}));
    EXPECT_EQ(parse_imap_date("01-feb-1994"), (Date{1994, 2, 1}));
    EXPECT_FALSE(parse_imap_date("1-Feb-94"));
    EXPECT_FALSE(parse_imap_date("1 Feb 1994"));
    EXPECT_FALSE(parse_imap_date("30-Feb-1994"));
}

TEST(DateTime, CivilDays)
{
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    for (std::int64_t d : {-1000000, -1, 0, 59, 60, 11016, 20000, 2932896}) {
        const Date c = civil_from_days(d);
        EXPECT_EQ(days_from_civil(c.year, c.month, c.day), d);
    }
}

}  // namespace
}  // namespace roost::mail
