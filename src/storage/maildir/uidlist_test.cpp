// Tests of the dovecot-uidlist parser and serialiser (pure: bytes in, records out).
#include "storage/maildir/uidlist.hpp"

#include <gtest/gtest.h>

#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

// Byte for byte what Dovecot 2.3.19 wrote after two deliveries (reference, section 4).
constexpr std::string_view kDovecot =
    "3 V1795414711 N3 G86a95a32b7da036bb656000083ecc375\n"
    "1 :1795414711.M844576P22198.vm,S=20,W=23\n"
    "2 :1795414711.M907303P22200.vm,S=21,W=24\n";

TEST(Uidlist, ParsesDovecotsFile)
{
    auto list = parse_uidlist(kDovecot);
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_EQ(list->version, 3u);
    EXPECT_EQ(list->uidvalidity, 1795414711u);
    EXPECT_EQ(list->next_uid, 3u);
    EXPECT_EQ(list->guid, "86a95a32b7da036bb656000083ecc375");
    ASSERT_EQ(list->records.size(), 2u);
    EXPECT_EQ(list->records[0].uid, 1u);
    EXPECT_EQ(list->records[0].base, "1795414711.M844576P22198.vm,S=20,W=23");
    EXPECT_EQ(list->records[1].extensions, "");
    EXPECT_EQ(list->bad_lines, 0u);
    EXPECT_FALSE(list->partial_tail);
    EXPECT_EQ(serialize_uidlist(*list), kDovecot);
}

TEST(Uidlist, ExtensionsAndUnknownHeaderFieldsSurvive)
{
    const std::string text =
        "3 N10 V42 X7 Gnothex\n"
        "4 W120 S118 :a b:2,S\n"
        "9 Pabc :c\n";
    auto list = parse_uidlist(text);
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_EQ(list->uidvalidity, 42u);
    EXPECT_EQ(list->next_uid, 10u);
    EXPECT_TRUE(list->guid.empty());
    EXPECT_EQ(list->extra_header, (std::vector<std::string>{"X7", "Gnothex"}));
    ASSERT_EQ(list->records.size(), 2u);
    EXPECT_EQ(list->records[0].extensions, "W120 S118");
    EXPECT_EQ(list->records[0].base, "a b");  // names may hold spaces; flags are not kept
    EXPECT_EQ(serialize_uidlist_record(list->records[1]), "9 Pabc :c");
    EXPECT_EQ(serialize_uidlist(*list), "3 V42 N10 X7 Gnothex\n4 W120 S118 :a b\n9 Pabc :c\n");
}

TEST(Uidlist, NextUidNeverBelowTheRecords)
{
    // An appending writer leaves the header's N behind; UIDs must still never be reused.
    auto list = parse_uidlist("3 V1 N2\n1 :a\n5 :b\n");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->next_uid, 6u);
    list = parse_uidlist("3 V1 N2\n1 :a\n7 broken-no-colon\n");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->bad_lines, 1u);
    EXPECT_EQ(list->records.size(), 1u);
    EXPECT_EQ(list->next_uid, 8u);
}

TEST(Uidlist, BadRecordsAreSkipped)
{
    auto list = parse_uidlist("3 V1 N1\n2 :a\n2 :dup\n1 :older\nx :y\n0 :zero\n3 :\n\n4 :d\n");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->records.size(), 2u);
    EXPECT_EQ(list->records[0].base, "a");
    EXPECT_EQ(list->records[1].base, "d");
    EXPECT_EQ(list->bad_lines, 5u);
    EXPECT_EQ(list->next_uid, 5u);
}

TEST(Uidlist, PartialTailIsIgnored)
{
    auto list = parse_uidlist("3 V1 N3\n1 :a\n2 :b-being-wri");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->partial_tail);
    ASSERT_EQ(list->records.size(), 1u);
    EXPECT_EQ(list->next_uid, 3u);
}

TEST(Uidlist, AppendedLinesAreReadFromWhereTheLastReadStopped)
{
    const std::string head = "3 V1 N3\n1 :a\n";
    std::size_t consumed = 0;
    auto list = parse_uidlist(head + "2 :b-being-wri", consumed);
    ASSERT_TRUE(list);
    EXPECT_EQ(consumed, head.size());
    // The writer finished its line and appended another; the same UID twice is refused.
    const std::string tail = "2 :b-being-written\n3 W9 :c\n3 :again\n4 :d-not-ye";
    const std::size_t used = parse_uidlist_tail(tail, *list);
    EXPECT_EQ(used, tail.rfind('\n') + 1);
    EXPECT_TRUE(list->partial_tail);
    ASSERT_EQ(list->records.size(), 3u);
    EXPECT_EQ(list->records[1].base, "b-being-written");
    EXPECT_EQ(list->records[2].extensions, "W9");
    EXPECT_EQ(list->bad_lines, 1u);
    EXPECT_EQ(list->next_uid, 4u);
    parse_uidlist_tail("4 :d-not-yet\n", *list);
    EXPECT_FALSE(list->partial_tail);
    EXPECT_EQ(list->next_uid, 5u);
}

TEST(Uidlist, CourierVersionOne)
{
    auto list = parse_uidlist("1 1000 5\n1 1035.M1P2.host:2,S\n3 1040.M1P3.host\n");
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_EQ(list->version, 1u);
    EXPECT_EQ(list->uidvalidity, 1000u);
    EXPECT_EQ(list->next_uid, 5u);
    ASSERT_EQ(list->records.size(), 2u);
    EXPECT_EQ(list->records[0].base, "1035.M1P2.host");
    EXPECT_EQ(serialize_uidlist(*list), "3 V1000 N5\n1 :1035.M1P2.host\n3 :1040.M1P3.host\n");
}

TEST(Uidlist, UnusableHeadersAreCorrupted)
{
    for (const char* bad : {"", "3 V1 N1", "4 V1 N1\n", "3 N5\n", "3 V0 N1\n", "3 Vx N1\n",
                            "1 abc 1\n", "1 5\n", "\n1 :a\n", "3 V1 Nq\n"}) {
        auto list = parse_uidlist(bad);
        ASSERT_FALSE(list) << bad;
        EXPECT_EQ(storage_code_of(list.error()), StorageError::Corrupted) << bad;
    }
}

TEST(Uidlist, ByteAtATimePrefixesNeverCrashOrInventUids)
{
    // Every prefix of a valid file is either rejected or yields a subset of its records.
    const std::string text(kDovecot);
    for (std::size_t n = 0; n <= text.size(); ++n) {
        auto list = parse_uidlist(std::string_view(text).substr(0, n));
        if (!list) {
            continue;
        }
        EXPECT_LE(list->records.size(), 2u);
        for (const auto& r : list->records) {
            EXPECT_TRUE(r.uid == 1 || r.uid == 2);
        }
    }
}

}  // namespace
}  // namespace roost::storage::maildir
