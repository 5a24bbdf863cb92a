#include "lda/lda_options.hpp"

#include <gtest/gtest.h>

namespace roost::lda {
namespace {

TEST(LdaOptions, PostfixMailboxCommand)
{
    auto o = parse_lda_options({"-f", "bob@example.org", "-a", "alice+lists@example.com", "-d", "alice"});
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->sender, "bob@example.org");
    EXPECT_TRUE(o->sender_given);
    EXPECT_EQ(o->original_recipient, "alice+lists@example.com");
    EXPECT_EQ(o->user, "alice");
    EXPECT_TRUE(o->final_recipient.empty());
}

TEST(LdaOptions, AttachedValuesFlagsAndOverrides)
{
    auto o = parse_lda_options({"-mINBOX/Lists", "-e", "-k", "-o", "lda_mailbox_autocreate=yes", "-o",
                                "plugin/sieve=~/x.sieve", "-c", "/etc/roost/alt.conf", "-p", "/tmp/msg", "-r",
                                "final@example.com"});
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->mailbox, "INBOX/Lists");
    EXPECT_TRUE(o->reject_to_stderr);
    EXPECT_TRUE(o->keep_environment);
    ASSERT_EQ(o->overrides.size(), 2u);
    EXPECT_EQ(o->overrides[0], std::make_pair(std::string("lda_mailbox_autocreate"), std::string("yes")));
    EXPECT_EQ(o->overrides[1].first, "plugin/sieve");
    EXPECT_EQ(o->config_path, "/etc/roost/alt.conf");
    EXPECT_EQ(o->message_path, "/tmp/msg");
    EXPECT_EQ(o->final_recipient, "final@example.com");
}

TEST(LdaOptions, NullSenderInBrackets)
{
    auto o = parse_lda_options({"-f", "<>"});
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->sender, "");
    EXPECT_TRUE(o->sender_given);
    auto p = parse_lda_options({"-f", "<bob@example.org>"});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->sender, "bob@example.org");
}

TEST(LdaOptions, UsageErrorsNameTheOption)
{
    auto unknown = parse_lda_options({"-Z"});
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("-Z"), std::string::npos);
    auto missing = parse_lda_options({"-d"});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("-d"), std::string::npos);
    EXPECT_FALSE(parse_lda_options({"-o", "novalue"}).ok());
    EXPECT_FALSE(parse_lda_options({"alice"}).ok());
}

}  // namespace
}  // namespace roost::lda
