// Tests of modified UTF-7 and mailbox name checks.
#include "storage/mailbox_name.hpp"

#include <gtest/gtest.h>

#include "storage/storage_error.hpp"

namespace roost::storage {
namespace {

TEST(Mutf7, EncodesLikeDovecot)
{
    // Names Dovecot itself wrote for these folders (observed on disk).
    EXPECT_EQ(mutf7_encode("Entwürfe"), "Entw&APw-rfe");
    EXPECT_EQ(mutf7_encode("x&y"), "x&-y");
    EXPECT_EQ(mutf7_encode("Sent"), "Sent");
    // RFC 3501's example and a character outside the BMP.
    EXPECT_EQ(
        mutf7_encode("~peter/mail/\xE5\x8F\xB0\xE5\x8C\x97/\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"),
        "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    EXPECT_EQ(mutf7_encode("\xF0\x9F\x98\x80"), "&2D3eAA-");
}

TEST(Mutf7, DecodesAndRoundTrips)
{
    for (const char* name : {"Entwürfe", "x&y", "a b", "日本語", "\xF0\x9F\x98\x80!", "&", "é&é"}) {
        const auto decoded = mutf7_decode(mutf7_encode(name));
        ASSERT_TRUE(decoded) << name;
        EXPECT_EQ(*decoded, name);
    }
}

TEST(Mutf7, RejectsWhatNoEncoderWrites)
{
    for (const char* bad :
         {"&", "&AGE", "&AGE-", "&Jjo!", "&2D0-", "&3gA-", "\x01", "&AGEA-", "caf\xC3\xA9"}) {
        EXPECT_FALSE(mutf7_decode(bad).has_value()) << bad;
    }
}

TEST(MailboxName, Inbox)
{
    EXPECT_TRUE(is_inbox_name("inBox"));
    EXPECT_FALSE(is_inbox_name("INBOX2"));
    EXPECT_EQ(canonical_mailbox_name("inbox"), "INBOX");
    EXPECT_EQ(canonical_mailbox_name("Inbox/Sub"), "INBOX/Sub");
    EXPECT_EQ(canonical_mailbox_name("Other/inbox"), "Other/inbox");
}

TEST(MailboxName, Split)
{
    auto levels = split_mailbox_name("A/B c/D");
    ASSERT_TRUE(levels);
    EXPECT_EQ(*levels, (std::vector<std::string>{"A", "B c", "D"}));
    for (const char* bad : {"", "/A", "A/", "A//B", "A/../B", ".", "a\tb", "bad\xFF"}) {
        auto r = split_mailbox_name(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(storage_code_of(r.error()), StorageError::BadName);
    }
}

}  // namespace
}  // namespace roost::storage
