#include "worker/namespace_list.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace roost::worker {
namespace {

TEST(NamespaceList, NoBlockIsOneInboxNamespace)
{
    auto loaded = config::testing::load_text("");
    const auto ns = private_namespaces(loaded.config());
    ASSERT_EQ(ns.size(), 1u);
    EXPECT_TRUE(ns[0].inbox);
    EXPECT_EQ(ns[0].prefix, "");
}

TEST(NamespaceList, ReadsEveryPrivateBlockSortedByOrder)
{
    auto loaded = config::testing::load_text(R"(
namespace inbox {
  inbox = yes
  separator = /
  order = 2
}
namespace mbox {
  prefix = mail/
  separator = /
  location = mbox:~/mail:INBOX=/var/mail/%u
  list = children
  order = 1
}
namespace alias {
  prefix = alias/
  separator = /
  hidden = yes
  list = no
  order = 2
  ignore_on_failure = yes
}
namespace gone {
  prefix = gone/
  separator = /
  disabled = yes
}
)");
    ASSERT_TRUE(loaded.errors().empty()) << loaded.errors().front();
    const auto ns = private_namespaces(loaded.config());
    ASSERT_EQ(ns.size(), 3u);
    EXPECT_EQ(ns[0].prefix, "mail/");
    EXPECT_EQ(ns[0].location, "mbox:~/mail:INBOX=/var/mail/%u");
    EXPECT_EQ(ns[0].list, NamespaceListing::Children);
    EXPECT_FALSE(ns[0].inbox);
    EXPECT_TRUE(ns[1].inbox);  // then file order
    EXPECT_EQ(ns[1].separator, "/");
    EXPECT_EQ(ns[1].location, "");
    EXPECT_EQ(ns[2].prefix, "alias/");
    EXPECT_TRUE(ns[2].hidden);
    EXPECT_EQ(ns[2].list, NamespaceListing::No);
    EXPECT_TRUE(ns[2].ignore_on_failure);
    EXPECT_FALSE(ns[0].ignore_on_failure);
}

TEST(NamespaceList, TheOnlyBlockHoldsInbox)
{
    auto loaded =
        config::testing::load_text("namespace x {\n  prefix = INBOX.\n  separator = .\n}\n");
    const auto ns = private_namespaces(loaded.config());
    ASSERT_EQ(ns.size(), 1u);
    EXPECT_TRUE(ns[0].inbox);

    // Also beside disabled blocks.
    loaded = config::testing::load_text(
        "namespace x {\n  prefix = INBOX.\n  separator = .\n}\nnamespace y {\n  prefix = y.\n  disabled = yes\n}\n");
    const auto lone = private_namespaces(loaded.config());
    ASSERT_EQ(lone.size(), 1u);
    EXPECT_TRUE(lone[0].inbox);
    EXPECT_EQ(lone[0].prefix, "INBOX.");
}

}  // namespace
}  // namespace roost::worker
