// Tests of Maildir file name parsing and building.
#include "storage/maildir/maildir_filename.hpp"

#include <gtest/gtest.h>

namespace roost::storage::maildir {
namespace {

TEST(MaildirName, DovecotNames)
{
    // Names observed in a Maildir that Dovecot 2.3 delivered to and flagged.
    auto n = parse_maildir_name("1795414711.M844576P22198.vm,S=20,W=23:2,Sa");
    EXPECT_EQ(n.base, "1795414711.M844576P22198.vm,S=20,W=23");
    EXPECT_TRUE(n.has_info);
    EXPECT_EQ(n.flags, Flags(Flag::Seen));
    EXPECT_EQ(n.keywords, 1u);
    EXPECT_EQ(n.size, 20u);
    EXPECT_EQ(n.vsize, 23u);

    n = parse_maildir_name("1795414711.M907303P22200.vm,S=21,W=24");
    EXPECT_FALSE(n.has_info);
    EXPECT_TRUE(n.flags.empty());
    EXPECT_EQ(n.size, 21u);

    n = parse_maildir_name("1.M2P3.host:2,DFPRSTbz");
    EXPECT_EQ(n.flags, Flag::Draft | Flag::Flagged | Flag::Answered | Flag::Seen | Flag::Deleted);
    EXPECT_EQ(n.other_flags, "P");
    EXPECT_EQ(n.keywords, (1u << 1) | (1u << 25));
    EXPECT_FALSE(n.size.has_value());
}

TEST(MaildirName, OddNamesAreKept)
{
    auto n = parse_maildir_name("12345.abc,S=x1,W=7,S=9:2,S,extra:stuff");
    EXPECT_EQ(n.size, 9u);
    EXPECT_EQ(n.vsize, 7u);
    EXPECT_EQ(n.flags, Flags(Flag::Seen));
    EXPECT_EQ(n.info_tail, "extra:stuff");
    EXPECT_EQ(maildir_name_with_flags(n, Flag::Seen | Flag::Flagged, 0),
              "12345.abc,S=x1,W=7,S=9:2,FS,extra:stuff");

    n = parse_maildir_name("courier:1,xyz");
    EXPECT_EQ(n.foreign_info, "1,xyz");
    EXPECT_EQ(maildir_name_with_flags(n, {}, 0), "courier:1,xyz");
    EXPECT_EQ(maildir_name_with_flags(n, Flag::Seen, 0), "courier:2,S");

    EXPECT_EQ(maildir_base("a:2,S"), "a");
    EXPECT_EQ(maildir_base("a"), "a");
}

TEST(MaildirName, BuildsInAsciiOrder)
{
    EXPECT_EQ(maildir_flag_letters(Flag::Seen | Flag::Draft | Flag::Recent, 0b101, "P"), "DPSac");
    const auto n = parse_maildir_name("b:2,P");
    EXPECT_EQ(maildir_name_with_flags(n, Flag::Answered | Flag::Recent, 1u << 2), "b:2,PRc");
    EXPECT_EQ(maildir_name_with_flags(parse_maildir_name("b"), {}, 0), "b:2,");
}

TEST(MaildirName, UniqueBase)
{
    EXPECT_EQ(make_maildir_base(1795414711, 844576, 22198, 3, "vm", 20, 23),
              "1795414711.M844576P22198Q3.vm,S=20,W=23");
    EXPECT_EQ(make_maildir_base(1, 2, 3, 4, "h", 5, std::nullopt), "1.M2P3Q4.h,S=5");
    const auto n = parse_maildir_name(make_maildir_base(1, 2, 3, 4, "h", 5, 6));
    EXPECT_EQ(n.size, 5u);
    EXPECT_EQ(n.vsize, 6u);
}

TEST(MaildirName, DeliveryOrder)
{
    EXPECT_LT(delivery_order("100.M5P1.h"), delivery_order("100.M40P1.h"));
    EXPECT_LT(delivery_order("99.M999999P1.h"), delivery_order("100.M1P1.h"));
    EXPECT_EQ(delivery_order("junk"), DeliveryOrder{});
}

TEST(MaildirName, VirtualSize)
{
    EXPECT_EQ(virtual_size(""), 0u);
    EXPECT_EQ(virtual_size("a\nb\n"), 6u);
    EXPECT_EQ(virtual_size("a\r\nb\n"), 6u);
    EXPECT_EQ(virtual_size("\n"), 2u);
    // Dovecot's W= for its S=20 test message.
    EXPECT_EQ(virtual_size("Subject: one\n\nhello\n"), 23u);
}

}  // namespace
}  // namespace roost::storage::maildir
