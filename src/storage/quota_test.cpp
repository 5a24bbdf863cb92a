#include "storage/quota.hpp"

#include <gtest/gtest.h>

#include "storage/testing/storage_test_support.hpp"

namespace roost::storage {
namespace {

using Verdict = Quota::Verdict;

TEST(Quota, DovecotRuleSyntax)
{
    auto q = Quota::parse({"*:storage=1M", "*:messages=100", "Trash:storage=+100k", "Spam:ignore", "Archive:storage=50%"});
    ASSERT_TRUE(q.ok()) << q.error().message;
    EXPECT_TRUE(q->enabled());
    EXPECT_EQ(q->limit_for("INBOX").bytes, 1024u * 1024);
    EXPECT_EQ(q->limit_for("INBOX").messages, 100u);
    EXPECT_EQ(q->limit_for("Trash").bytes, 1024u * 1024 + 100 * 1024);
    EXPECT_EQ(q->limit_for("Archive").bytes, 512u * 1024);
    EXPECT_FALSE(q->counts("Spam"));
    EXPECT_TRUE(q->counts("inbox"));
    // storage= without a unit is in kilobytes, bytes= in bytes, as in Dovecot.
    EXPECT_EQ(Quota::parse({"*:storage=10"})->limit_for("x").bytes, 10u * 1024);
    EXPECT_EQ(Quota::parse({"*:bytes=10"})->limit_for("x").bytes, 10u);
    EXPECT_FALSE(Quota::parse({}).value().enabled());
}

TEST(Quota, BadRulesNameThemselves)
{
    for (const char* bad : {"storage=1G", "*:storage=lots", "*:colour=blue", "*:messages=1k"}) {
        auto q = Quota::parse({bad});
        ASSERT_FALSE(q.ok()) << bad;
        EXPECT_NE(q.error().message.find(bad), std::string::npos) << q.error().message;
    }
    EXPECT_FALSE(Quota::parse({"*:storage=1M"}, "much").ok());
}

TEST(Quota, GraceLetsTheCrossingMessageInButNotTheNext)
{
    auto q = Quota::parse({"*:bytes=1000"}, "10%");
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->check({900, 1}, "INBOX", 150), Verdict::Ok);        // ends at 1050 <= 1000 + 100
    EXPECT_EQ(q->check({900, 1}, "INBOX", 250), Verdict::OverQuota);  // 1150 > 1100
    EXPECT_EQ(q->check({1000, 1}, "INBOX", 1), Verdict::OverQuota);   // already full
    auto fixed = Quota::parse({"*:bytes=1000"}, "0");
    EXPECT_EQ(fixed->check({900, 1}, "INBOX", 150), Verdict::OverQuota);
    auto counted = Quota::parse({"*:messages=2"});
    EXPECT_EQ(counted->check({0, 1}, "INBOX", 10), Verdict::Ok);
    EXPECT_EQ(counted->check({0, 2}, "INBOX", 10), Verdict::OverQuota);
    EXPECT_EQ(counted->check({0, 2}, "Spam", 10), Verdict::OverQuota);
    auto sized = Quota::parse({}, "10%", 100);
    EXPECT_EQ(sized->check({}, "INBOX", 101), Verdict::TooLarge);
}

TEST(Quota, UsageCountsEveryMailboxButIgnoredOnes)
{
    testing::TempDir dir;
    auto storage = testing::open_maildir(dir.path() + "/Maildir");
    ASSERT_TRUE(storage->create_mailbox("Spam").ok());
    auto inbox = testing::open_box(*storage, "INBOX");
    auto spam = testing::open_box(*storage, "Spam");
    const std::string one = testing::message_text("one");
    testing::append_text(*inbox, one);
    testing::append_text(*inbox, one);
    testing::append_text(*spam, one);
    auto all = quota_usage(*storage, *Quota::parse({"*:storage=1M"}));
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->messages, 3u);
    EXPECT_EQ(all->bytes, 3 * one.size());
    auto some = quota_usage(*storage, *Quota::parse({"*:storage=1M", "Spam:ignore"}));
    EXPECT_EQ(some->messages, 2u);
}

}  // namespace
}  // namespace roost::storage
