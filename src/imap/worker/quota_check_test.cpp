// Tests of the quota check of APPEND and COPY: no grace, the target's own rule, ignored folders.
#include "imap/worker/quota_check.hpp"

#include <gtest/gtest.h>

namespace roost::imap {
namespace {

TEST(QuotaCheck, NoGraceOnImapSaves)
{
    // 10 KiB with the default 10% grace: delivery may pass the limit, IMAP may not (as Dovecot:
    // 8000 bytes used, 2500 more refused, 100 more taken).
    const auto q = storage::Quota::parse({"*:storage=10K"});
    ASSERT_TRUE(q.ok());
    const storage::QuotaUsage used{8000, 2};
    EXPECT_FALSE(fits_quota(*q, used, "INBOX", 1, 2500));
    EXPECT_TRUE(fits_quota(*q, used, "INBOX", 1, 100));
    EXPECT_TRUE(fits_quota(*q, used, "INBOX", 1, 10240 - 8000));
    EXPECT_FALSE(fits_quota(*q, used, "INBOX", 1, 10240 - 8000 + 1));
    EXPECT_EQ(q->check(used, "INBOX", 2500), storage::Quota::Verdict::Ok);  // delivery's grace
}

TEST(QuotaCheck, MessagesRuleAndMailboxRules)
{
    const auto q = storage::Quota::parse({"*:messages=3", "*:storage=1M", "Trash:ignore", "Big:storage=+1M"});
    ASSERT_TRUE(q.ok());
    EXPECT_TRUE(fits_quota(*q, {100, 2}, "INBOX", 1, 10));
    EXPECT_FALSE(fits_quota(*q, {100, 2}, "INBOX", 2, 10));  // a MULTIAPPEND or COPY of two
    EXPECT_TRUE(fits_quota(*q, {100, 3}, "Trash", 5, 5u << 20));
    EXPECT_FALSE(fits_quota(*q, {0, 0}, "INBOX", 1, (1u << 20) + 1));
    EXPECT_TRUE(fits_quota(*q, {0, 0}, "Big", 1, (1u << 20) + 1));
    // No rule with a limit: everything fits.
    EXPECT_TRUE(fits_quota(storage::Quota::parse({}).value(), {1u << 30, 1000000}, "INBOX", 1, 1u << 30));
}

}  // namespace
}  // namespace roost::imap
