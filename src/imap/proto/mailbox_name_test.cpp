// Modified UTF-7, mailbox names in both client modes, and IMAP date-time.
#include "imap/proto/mailbox_name.hpp"

#include <gtest/gtest.h>

#include "imap/proto/imap_date.hpp"
#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {
namespace {

TEST(MailboxName, EncodesModifiedUtf7)
{
    EXPECT_EQ(mutf7_encode("INBOX"), "INBOX");
    EXPECT_EQ(mutf7_encode("Entw\xc3\xbcrfe"), "Entw&APw-rfe");
    EXPECT_EQ(mutf7_encode("Tom & Jerry"), "Tom &- Jerry");
    // RFC 3501 section 5.1.3's example: ~peter/mail/<ja>/<ja>
    EXPECT_EQ(mutf7_encode("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa"
                           "\x9e"),
              "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    // outside the BMP: a surrogate pair
    EXPECT_EQ(mutf7_encode("\xf0\x9f\x93\xa7"), "&2D3c5w-");
    // invalid UTF-8 becomes U+FFFD
    EXPECT_EQ(mutf7_encode("a\xff"), "a&,,0-");
}

TEST(MailboxName, DecodesModifiedUtf7)
{
    EXPECT_EQ(*mutf7_decode("Entw&APw-rfe"), "Entw\xc3\xbcrfe");
    EXPECT_EQ(*mutf7_decode("&-"), "&");
    EXPECT_EQ(*mutf7_decode("&2D3c5w-"), "\xf0\x9f\x93\xa7");
    EXPECT_EQ(*mutf7_decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
              "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
    for (const char* bad : {"&", "&APw", "&AP-", "&APx-", "&AGE-", "&2D0-", "&3+c-", "a\x80",
                            "tab\there", "&U/BTFw-", "&APw=-"}) {
        EXPECT_FALSE(mutf7_decode(bad)) << bad;
    }
}

TEST(MailboxName, RoundTrips)
{
    for (const char* name : {"", "INBOX", "a&b", "\xc3\xa9t\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
                             "x\xf0\x9f\x98\x80y&z", "&&--"}) {
        EXPECT_EQ(*mutf7_decode(mutf7_encode(name)), name) << name;
    }
}

TEST(MailboxName, WireForms)
{
    EXPECT_EQ(*decode_mailbox_name("inbox", false), "INBOX");
    EXPECT_EQ(*decode_mailbox_name("InBoX", true), "INBOX");
    EXPECT_EQ(*decode_mailbox_name("INBOX/sub", false), "INBOX/sub");
    EXPECT_EQ(*decode_mailbox_name("Entw&APw-rfe", false), "Entw\xc3\xbcrfe");
    // with UTF8=ACCEPT the bytes are the name and '&' is a character
    EXPECT_EQ(*decode_mailbox_name("Entw&APw-rfe", true), "Entw&APw-rfe");
    EXPECT_EQ(*decode_mailbox_name("Entw\xc3\xbcrfe", true), "Entw\xc3\xbcrfe");
    auto bad = decode_mailbox_name("Entw\xc3\xbcrfe", false);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ImapProtoError::InvalidMailboxName);
    EXPECT_FALSE(decode_mailbox_name("a\xff", true));
    EXPECT_EQ(decode_mailbox_name(std::string("a\0b", 3), true).error().code,
              ImapProtoError::Syntax);
    EXPECT_EQ(decode_mailbox_pattern("&APw-*", false), "\xc3\xbc*");
    EXPECT_EQ(decode_mailbox_pattern("&broken*", false), "&broken*");
    EXPECT_EQ(encode_mailbox_name("\xc3\xbc", false), "&APw-");
    EXPECT_EQ(encode_mailbox_name("\xc3\xbc", true), "\xc3\xbc");
}

TEST(ImapDate, ParsesDateTime)
{
    auto dt = parse_date_time("17-Jul-1996 02:44:25 -0700");
    ASSERT_TRUE(dt);
    EXPECT_EQ(dt->year, 1996);
    EXPECT_EQ(dt->month, 7);
    EXPECT_EQ(dt->day, 17);
    EXPECT_EQ(dt->hour, 2);
    EXPECT_EQ(dt->minute, 44);
    EXPECT_EQ(dt->second, 25);
    EXPECT_EQ(dt->zone_minutes, -420);
    EXPECT_TRUE(dt->zone_known);
    EXPECT_EQ(parse_date_time(" 7-jul-1996 02:44:25 +0530")->zone_minutes, 330);
    EXPECT_EQ(parse_date_time("7-Jul-1996 02:44:25 +0000")->day, 7);
    EXPECT_EQ(parse_date_time("29-Feb-2024 00:00:00 +0000")->day, 29);
    for (const char* bad : {"", "17-Jul-1996", "17-Jul-1996 02:44:25", "32-Jul-1996 02:44:25 +0000",
                            "29-Feb-2023 00:00:00 +0000", "17-Jux-1996 02:44:25 +0000",
                            "17-Jul-1996 24:00:00 +0000", "17-Jul-1996 02:44:25 0700",
                            "17-Jul-96 02:44:25 +0700", "117-Jul-1996 02:44:25 +0700",
                            "17-Jul-1996 02:44:25 +0799", "17-Jul-1996  2:44:25 +0700"}) {
        EXPECT_FALSE(parse_date_time(bad)) << bad;
    }
}

TEST(ImapDate, FormatsDateTime)
{
    // 1996-07-17 09:44:25 UTC
    EXPECT_EQ(format_date_time(837596665, -420), "\"17-Jul-1996 02:44:25 -0700\"");
    EXPECT_EQ(format_date_time(837596665, 0), "\"17-Jul-1996 09:44:25 +0000\"");
    EXPECT_EQ(format_date_time(0, 60), "\"01-Jan-1970 01:00:00 +0100\"");
    EXPECT_EQ(format_date_time(-1, 0), "\"31-Dec-1969 23:59:59 +0000\"");
    auto back = parse_date_time("17-Jul-1996 02:44:25 -0700");
    EXPECT_EQ(back->unix_time(), 837596665);
}

}  // namespace
}  // namespace roost::imap::proto
