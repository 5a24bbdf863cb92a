// Tests of the roost-maildir-state format: a round trip, and every kind of damage ignored.
#include "storage/maildir/maildir_state_file.hpp"

#include <gtest/gtest.h>

namespace roost::storage::maildir {
namespace {

MaildirState sample()
{
    MaildirState s;
    s.listed_at = 1'700'000'000'000'000'000;
    s.written_at = s.listed_at + 5;
    s.cur = {1, 2, 4096, 1'699'999'990'000'000'001, 1'699'999'990'000'000'002};
    s.has_new = true;
    s.new_dir = {1, 3, 40, 1'699'999'980'000'000'000, 1'699'999'980'000'000'000};
    s.uidlist = {1, 4, 120, 1'699'999'999'000'000'000, 1'699'999'999'000'000'001};
    s.uidvalidity = 1234;
    s.next_uid = 10;
    s.guid = "0123456789abcdef0123456789abcdef";
    s.has_keywords = false;
    const std::string n1 = "1700000000.M1P2.host,S=10,W=11:2,S";
    const std::string n2 = "1700000001.M1P2.host";
    StateFile a;
    a.uid = 3;
    a.name_offset = 0;
    a.name_length = static_cast<std::uint16_t>(n1.size());
    a.base_length = static_cast<std::uint16_t>(n1.find(':'));
    a.flags = 1;
    a.size = 10;
    a.vsize = 11;
    a.has_vsize = 1;
    a.mtime = 1'700'000'000;
    StateFile b;
    b.uid = 9;
    b.name_offset = static_cast<std::uint32_t>(n1.size());
    b.name_length = static_cast<std::uint16_t>(n2.size());
    b.base_length = static_cast<std::uint16_t>(n2.size());
    b.in_new = 1;
    b.keywords = 5;
    b.size = 77;
    b.mtime = 1'700'000'001;
    s.files = {a, b};
    s.names = n1 + n2;
    return s;
}

TEST(MaildirStateFile, RoundTrip)
{
    const MaildirState s = sample();
    const std::string bytes = serialize_maildir_state(s);  // the view points into it
    const auto back = parse_maildir_state(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->listed_at, s.listed_at);
    EXPECT_EQ(back->written_at, s.written_at);
    EXPECT_EQ(back->cur, s.cur);
    EXPECT_TRUE(back->has_new);
    EXPECT_EQ(back->new_dir, s.new_dir);
    EXPECT_EQ(back->uidlist, s.uidlist);
    EXPECT_EQ(back->uidvalidity, 1234u);
    EXPECT_EQ(back->next_uid, 10u);
    EXPECT_EQ(back->guid, s.guid);
    EXPECT_FALSE(back->has_keywords);
    EXPECT_EQ(back->names(), s.names);
    ASSERT_EQ(back->file_count(), 2u);
    EXPECT_EQ(back->file(0).uid, 3u);
    EXPECT_EQ(back->file(0).vsize, 11u);
    EXPECT_EQ(back->file(0).has_vsize, 1);
    EXPECT_EQ(back->file(1).uid, 9u);
    EXPECT_EQ(back->file(1).keywords, 5u);
    EXPECT_EQ(back->file(1).in_new, 1);
    EXPECT_EQ(back->file(1).mtime, 1'700'000'001);
}

TEST(MaildirStateFile, EmptyMailboxRoundTrips)
{
    MaildirState s = sample();
    s.files.clear();
    s.names.clear();
    const std::string bytes = serialize_maildir_state(s);
    const auto back = parse_maildir_state(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->file_count(), 0u);
}

TEST(MaildirStateFile, EveryDamagedByteIsCaught)
{
    const std::string good = serialize_maildir_state(sample());
    for (std::size_t i = 0; i < good.size(); ++i) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ 0x20);
        EXPECT_FALSE(parse_maildir_state(bad)) << "byte " << i;
    }
}

TEST(MaildirStateFile, TruncatedOrExtendedIsIgnored)
{
    const std::string good = serialize_maildir_state(sample());
    for (std::size_t n = 0; n < good.size(); ++n) {
        EXPECT_FALSE(parse_maildir_state(good.substr(0, n))) << "length " << n;
    }
    EXPECT_FALSE(parse_maildir_state(good + "x"));
    EXPECT_FALSE(parse_maildir_state(good + good));
}

TEST(MaildirStateFile, ForeignFilesAreIgnored)
{
    EXPECT_FALSE(parse_maildir_state(""));
    EXPECT_FALSE(parse_maildir_state("3 V1234 N10 G0123456789abcdef0123456789abcdef\n"));
    std::string other = serialize_maildir_state(sample());
    other[0] = 'X';  // another format (the checksum alone would not tell)
    EXPECT_FALSE(parse_maildir_state(other));
    EXPECT_FALSE(parse_maildir_state(std::string(4096, '\0')));
}

TEST(MaildirStateFile, InconsistentContentsAreRefusedEvenWithAGoodChecksum)
{
    // Written by a buggy writer: the checksum holds, the contents do not.
    MaildirState s = sample();
    s.files[1].uid = 3;  // not ascending
    EXPECT_FALSE(parse_maildir_state(serialize_maildir_state(s)));
    s = sample();
    s.files[1].name_length = 200;  // past the names
    EXPECT_FALSE(parse_maildir_state(serialize_maildir_state(s)));
    s = sample();
    s.files[0].base_length = 5;  // not up to the ':'
    EXPECT_FALSE(parse_maildir_state(serialize_maildir_state(s)));
    s = sample();
    s.next_uid = 9;  // a UID at or past UIDNEXT
    EXPECT_FALSE(parse_maildir_state(serialize_maildir_state(s)));
    s = sample();
    s.uidvalidity = 0;
    EXPECT_FALSE(parse_maildir_state(serialize_maildir_state(s)));
}

}  // namespace
}  // namespace roost::storage::maildir
