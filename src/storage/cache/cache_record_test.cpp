// Tests of the roost-cache byte format: round trips, torn and damaged records.
#include "storage/cache/cache_record.hpp"

#include <gtest/gtest.h>

namespace roost::storage::cache {
namespace {

CachedMessage sample()
{
    CachedMessage m;
    m[CacheField::Envelope] = "(\"Mon, 1 Jan 2024 00:00:00 +0000\" \"Hi\" NIL NIL NIL NIL NIL NIL NIL NIL)";
    m[CacheField::BodyStructure] = "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 3 1 NIL NIL NIL NIL)";
    m[CacheField::Header] = std::string("Subject: Hi\r\n\r\n\0x", 17);
    return m;
}

TEST(CacheRecord, FileHeaderRoundTrips)
{
    const std::string header = encode_file_header(0xdeadbeef);
    ASSERT_EQ(header.size(), kFileHeaderSize);
    EXPECT_EQ(decode_file_header(header), 0xdeadbeefu);
    EXPECT_FALSE(decode_file_header(header.substr(0, 15)));
    std::string damaged = header;
    damaged[9] ^= 1;  // the UIDVALIDITY changed without the check
    EXPECT_FALSE(decode_file_header(damaged));
    EXPECT_FALSE(decode_file_header("RCACHE2\n" + header.substr(8)));
}

TEST(CacheRecord, RecordRoundTripsWithAbsentAndBinaryFields)
{
    std::string bytes;
    encode_record(bytes, 42, sample());
    const RecordFrame frame = frame_record(bytes);
    ASSERT_EQ(frame.status, RecordFrame::Status::Complete);
    EXPECT_EQ(frame.uid, 42u);
    EXPECT_EQ(frame.length, bytes.size());
    const auto decoded = decode_record(bytes, 42);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, sample());
    EXPECT_FALSE((*decoded)[CacheField::Body]);
    EXPECT_FALSE(decode_record(bytes, 43));  // another UID's record
}

TEST(CacheRecord, EveryTruncationIsShortNeverComplete)
{
    std::string bytes;
    encode_record(bytes, 7, sample());
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        EXPECT_EQ(frame_record(std::string_view(bytes).substr(0, n)).status, RecordFrame::Status::Short)
            << n;
        EXPECT_FALSE(decode_record(std::string_view(bytes).substr(0, n), 7)) << n;
    }
}

TEST(CacheRecord, EveryFlippedByteIsCaught)
{
    std::string bytes;
    encode_record(bytes, 9, sample());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0x20);
        const RecordFrame frame = frame_record(damaged);
        if (frame.status == RecordFrame::Status::Complete && frame.length == damaged.size()) {
            EXPECT_FALSE(decode_record(damaged, frame.uid)) << i;
        }
    }
}

TEST(CacheRecord, ImpossibleLengthsAreDamage)
{
    std::string zeros(64, '\0');
    EXPECT_EQ(frame_record(zeros).status, RecordFrame::Status::Damaged);
    std::string huge;
    encode_record(huge, 1, CachedMessage{});
    huge[3] = 0x7f;  // length far past kMaxRecordSize
    EXPECT_EQ(frame_record(huge).status, RecordFrame::Status::Damaged);
}

TEST(CacheRecord, OversizedFieldsAreLeftOut)
{
    CachedMessage m;
    m[CacheField::Envelope] = "(NIL)";
    m[CacheField::Header] = std::string(kMaxRecordSize, 'x');
    std::string bytes;
    encode_record(bytes, 3, m);
    EXPECT_LE(bytes.size(), kMaxRecordSize);
    const auto decoded = decode_record(bytes, 3);
    ASSERT_TRUE(decoded);
    EXPECT_EQ((*decoded)[CacheField::Envelope], "(NIL)");
    EXPECT_FALSE((*decoded)[CacheField::Header]);
}

TEST(CacheRecord, UnknownFieldIdsAreSkipped)
{
    // A record written by a later version with a field id this one does not know.
    CachedMessage m;
    m[CacheField::Body] = "B";
    std::string bytes;
    encode_record(bytes, 5, m);
    std::string extra = bytes.substr(0, kRecordHeaderSize);
    extra += std::string("\x09\x02\0\0\0zz", 7);
    extra += bytes.substr(kRecordHeaderSize);
    const auto length = static_cast<std::uint32_t>(extra.size());
    for (int i = 0; i < 4; ++i) {
        extra[static_cast<std::size_t>(i)] = static_cast<char>((length >> (8 * i)) & 0xff);
    }
    const std::uint32_t check = cache_check(std::string_view(extra).substr(kRecordHeaderSize), 5);
    for (int i = 0; i < 4; ++i) {
        extra[8 + static_cast<std::size_t>(i)] = static_cast<char>((check >> (8 * i)) & 0xff);
    }
    const auto decoded = decode_record(extra, 5);
    ASSERT_TRUE(decoded);
    EXPECT_EQ((*decoded)[CacheField::Body], "B");
}

}  // namespace
}  // namespace roost::storage::cache
