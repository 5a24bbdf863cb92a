#include "storage/namespace_names.hpp"

#include <gtest/gtest.h>

namespace roost::storage {
namespace {

NamespaceNames names(std::string prefix, char separator)
{
    return NamespaceNames{std::move(prefix), separator};
}

TEST(NamespaceNames, DefaultSeparatorIsDovecots)
{
    EXPECT_EQ(default_separator({.driver = "maildir"}), '.');
    EXPECT_EQ(default_separator({.driver = "maildir", .layout = "maildir++"}), '.');
    EXPECT_EQ(default_separator({.driver = "maildir", .layout = "fs"}), '/');
    EXPECT_EQ(default_separator({.driver = "mbox"}), '/');
}

TEST(NamespaceNames, SeparatorOnly)
{
    const NamespaceNames dot = names("", '.');
    EXPECT_EQ(dot.to_client("Work/2024"), "Work.2024");
    EXPECT_EQ(dot.to_storage("Work.2024"), "Work/2024");
    EXPECT_EQ(dot.to_storage("inbox.Sub"), "INBOX/Sub");
    EXPECT_EQ(dot.to_storage("Inbox"), "INBOX");
    EXPECT_EQ(dot.to_storage("Inboxes"), "Inboxes");
    EXPECT_FALSE(dot.to_storage("a/b"));  // '/' is not a level separator here
    const NamespaceNames slash = names("", '/');
    EXPECT_EQ(slash.to_storage("a/b"), "a/b");
    EXPECT_EQ(slash.to_storage("a.b"), "a.b");
}

TEST(NamespaceNames, CourierStylePrefix)
{
    const NamespaceNames ns = names("INBOX.", '.');
    EXPECT_EQ(ns.to_client("INBOX"), "INBOX");
    EXPECT_EQ(ns.to_client("Sent/2024"), "INBOX.Sent.2024");
    EXPECT_EQ(ns.to_storage("INBOX.Sent.2024"), "Sent/2024");
    EXPECT_EQ(ns.to_storage("inbox.Sent"), "Sent");
    EXPECT_EQ(ns.to_storage("Inbox"), "INBOX");
    EXPECT_EQ(ns.to_storage("INBOX."), "INBOX");
    EXPECT_FALSE(ns.to_storage("Sent"));
    EXPECT_TRUE(ns.outside("Sent"));
    EXPECT_FALSE(ns.outside("inbox"));
    EXPECT_FALSE(ns.outside("INBOX.Sent"));
    EXPECT_FALSE(names("", '.').outside("Sent"));
}

TEST(NamespaceNames, OtherPrefixesMatchExactly)
{
    const NamespaceNames ns = names("Mail/", '/');
    EXPECT_EQ(ns.to_client("Work"), "Mail/Work");
    EXPECT_EQ(ns.to_storage("Mail/Work"), "Work");
    EXPECT_FALSE(ns.to_storage("mail/Work"));
    EXPECT_FALSE(ns.to_storage("Mail/"));  // the bare prefix names no mailbox
}

}  // namespace
}  // namespace roost::storage
