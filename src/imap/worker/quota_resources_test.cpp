#include "imap/worker/quota_resources.hpp"

#include <gtest/gtest.h>

namespace roost::imap {
namespace {

storage::Quota quota(const std::vector<std::string>& rules)
{
    auto q = storage::Quota::parse(rules);
    EXPECT_TRUE(q) << (q ? "" : q.error().message);
    return q ? *q : storage::Quota{};
}

TEST(QuotaResources, StorageInKibibytesRoundedUpThenMessages)
{
    const auto r = quota_resources(quota({"*:storage=1M", "*:messages=10"}), {4083, 2});
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].name, "STORAGE");
    EXPECT_EQ(r[0].usage, 4u);  // 4083 bytes: 3.99 KiB, as Dovecot shows it
    EXPECT_EQ(r[0].limit, 1024u);
    EXPECT_EQ(r[1].name, "MESSAGE");
    EXPECT_EQ(r[1].usage, 2u);
    EXPECT_EQ(r[1].limit, 10u);
}

TEST(QuotaResources, ExactKibibytesAndZeroStayExact)
{
    EXPECT_EQ(quota_resources(quota({"*:storage=1M"}), {2048, 5})[0].usage, 2u);
    EXPECT_EQ(quota_resources(quota({"*:storage=1M"}), {0, 0})[0].usage, 0u);
    EXPECT_EQ(quota_resources(quota({"*:storage=1M"}), {2049, 0})[0].usage, 3u);
    EXPECT_EQ(quota_resources(quota({"*:bytes=1500"}), {0, 0})[0].limit, 2u);
}

TEST(QuotaResources, OnlyResourcesWithALimit)
{
    const auto messages_only = quota_resources(quota({"*:messages=10"}), {5000, 3});
    ASSERT_EQ(messages_only.size(), 1u);
    EXPECT_EQ(messages_only[0].name, "MESSAGE");
    const auto storage_only = quota_resources(quota({"*:storage=2G"}), {5000, 3});
    ASSERT_EQ(storage_only.size(), 1u);
    EXPECT_EQ(storage_only[0].limit, 2u * 1024 * 1024);
    EXPECT_TRUE(quota_resources(quota({"*:storage=0"}), {5000, 3}).empty());
    EXPECT_TRUE(quota_resources(quota({}), {5000, 3}).empty());
}

TEST(QuotaResources, MailboxRulesDoNotChangeTheRootsLimits)
{
    const auto r =
        quota_resources(quota({"*:storage=1M", "Trash:storage=+100M", "Spam:ignore"}), {0, 0});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].limit, 1024u);
}

TEST(QuotaResources, AMaxMailSizeAloneShowsNothing)
{
    auto q = storage::Quota::parse({}, "10%", 1000);
    ASSERT_TRUE(q);
    EXPECT_TRUE(quota_resources(*q, {10, 1}).empty());
}

}  // namespace
}  // namespace roost::imap
