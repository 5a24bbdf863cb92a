#include "worker/mailbox_defaults.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::worker {
namespace {

const char* kConfig = R"(
namespace inbox {
  inbox = yes
  separator = .
  mailbox Drafts {
    special_use = \Drafts
  }
  mailbox "Sent Messages" {
    special_use = \Sent
    auto = create
  }
  mailbox Archive.2024 {
    special_use = \Archive \Flagged
    auto = subscribe
  }
}
)";

TEST(MailboxDefaults, ReadsTheInboxNamespacesBlocks)
{
    auto loaded = config::testing::load_text(kConfig);
    ASSERT_TRUE(loaded.errors().empty()) << loaded.errors().front();
    const auto d = mailbox_defaults(loaded.config());
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].name, "Drafts");
    EXPECT_EQ(d[0].special_use, std::vector<std::string>{"\\Drafts"});
    EXPECT_EQ(d[0].autocreate, MailboxDefault::Auto::No);
    EXPECT_EQ(d[1].name, "Sent Messages");
    EXPECT_EQ(d[1].autocreate, MailboxDefault::Auto::Create);
    EXPECT_EQ(d[2].name, "Archive/2024");  // the namespace's separator becomes the storage's
    EXPECT_EQ(d[2].special_use, (std::vector<std::string>{"\\Archive", "\\Flagged"}));
    EXPECT_EQ(d[2].autocreate, MailboxDefault::Auto::Subscribe);
}

TEST(MailboxDefaults, NamespaceNames)
{
    auto loaded = config::testing::load_text("namespace inbox {\n inbox = yes\n prefix = INBOX.\n separator = .\n}\n");
    ASSERT_TRUE(loaded.errors().empty()) << loaded.errors().front();
    const NamespaceNames names = inbox_namespace_names(loaded.config());
    EXPECT_EQ(names.prefix, "INBOX.");
    EXPECT_EQ(names.separator, ".");
    EXPECT_TRUE(inbox_namespace_names(config::testing::load_text("").config()).prefix.empty());
}

TEST(MailboxDefaults, NoNamespaceNoDefaults)
{
    auto loaded = config::testing::load_text("mail_location = maildir:~/Maildir\n");
    EXPECT_TRUE(mailbox_defaults(loaded.config()).empty());
}

TEST(MailboxDefaults, CreatesAndSubscribesOnceAndLeavesTheRest)
{
    auto loaded = config::testing::load_text(kConfig);
    const auto defaults = mailbox_defaults(loaded.config());
    storage::testing::TempDir dir;
    auto store = storage::testing::open_maildir(dir.path() + "/Maildir");
    ASSERT_TRUE(store);
    ASSERT_TRUE(apply_mailbox_defaults(*store, defaults).ok());
    ASSERT_TRUE(apply_mailbox_defaults(*store, defaults).ok());  // again: nothing changes
    std::vector<std::string> names;
    const auto listed = store->list_mailboxes();
    ASSERT_TRUE(listed.ok());
    for (const auto& e : *listed) {
        names.push_back(e.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"INBOX", "Archive", "Archive/2024", "Sent Messages"}));
    EXPECT_EQ(store->subscriptions().value(), std::vector<std::string>{"Archive/2024"});
    // A user's unsubscribe of an auto = create folder is theirs; a deleted one comes back.
    ASSERT_TRUE(store->delete_mailbox("Sent Messages").ok());
    ASSERT_TRUE(apply_mailbox_defaults(*store, defaults).ok());
    EXPECT_EQ(store->list_mailboxes().value().size(), 4u);
}

TEST(MailboxDefaults, TheInboxNamespaceIsAServedOne)
{
    // A disabled block does not count: the lone served one holds INBOX without inbox = yes.
    auto loaded = config::testing::load_text("namespace old {\n  prefix = old/\n  separator = /\n  disabled = yes\n}\n"
                                             "namespace inbox {\n  prefix = INBOX.\n  separator = .\n}\n");
    ASSERT_TRUE(loaded.errors().empty()) << loaded.errors().front();
    const auto names = inbox_namespace_names(loaded.config());
    EXPECT_EQ(names.prefix, "INBOX.");
    EXPECT_EQ(names.separator, ".");
}

}  // namespace
}  // namespace roost::worker
