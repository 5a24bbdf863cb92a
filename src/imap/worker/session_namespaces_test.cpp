#include "imap/worker/session_namespaces.hpp"

#include <gtest/gtest.h>

namespace roost::imap {
namespace {

// A Maildir inbox namespace without prefix, an mbox one under mail/ and a hidden alias/.
std::vector<SessionNamespace> three()
{
    return {
        {{"", '/'}, nullptr, true, false, Listing::Yes},
        {{"mail/", '/'}, nullptr, false, false, Listing::Yes},
        {{"mail/alias/", '/'}, nullptr, false, true, Listing::No},
    };
}

TEST(SessionNamespaces, LongestPrefixWins)
{
    const auto ns = three();
    EXPECT_EQ(route_name(ns, "Sent")->index, 0u);
    EXPECT_EQ(route_name(ns, "mail/old")->index, 1u);
    EXPECT_EQ(route_name(ns, "mail/alias/x")->index, 2u);
    EXPECT_EQ(route_name(ns, "mail/aliasx")->index, 1u);
    EXPECT_EQ(route_name(ns, "Mail/old")->index, 0u);  // prefixes match case-sensitively
}

TEST(SessionNamespaces, InboxIsTheInboxNamespaces)
{
    std::vector<SessionNamespace> ns = three();
    std::swap(ns[0], ns[1]);
    EXPECT_EQ(inbox_index(ns), 1u);
    EXPECT_EQ(route_name(ns, "inbox")->index, 1u);
    EXPECT_EQ(route_name(ns, "INBOX")->index, 1u);
    EXPECT_EQ(route_name(ns, "mail/INBOX")->index, 0u);
}

TEST(SessionNamespaces, ThePrefixWithoutItsSeparatorIsTheRoot)
{
    const auto ns = three();
    const auto root = route_name(ns, "mail");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->index, 1u);
    EXPECT_TRUE(root->root);
    EXPECT_EQ(route_name(ns, "mail/alias")->index, 2u);
    EXPECT_TRUE(route_name(ns, "mail/alias")->root);
    EXPECT_FALSE(route_name(ns, "mail/")->root);
    EXPECT_EQ(ns[1].root(), "mail");
    EXPECT_EQ(ns[0].root(), "");
}

TEST(SessionNamespaces, NamesOutsideEveryPrefixHaveNoNamespace)
{
    const std::vector<SessionNamespace> ns = {
        {{"INBOX.", '.'}, nullptr, true, false, Listing::Yes},
        {{"mail/", '/'}, nullptr, false, false, Listing::Yes},
    };
    EXPECT_FALSE(route_name(ns, "Sent"));
    EXPECT_FALSE(route_name(ns, "mailx"));
    EXPECT_EQ(route_name(ns, "inbox.Sent")->index, 0u);  // the INBOX part in any case
    EXPECT_EQ(route_name(ns, "Inbox")->index, 0u);
    EXPECT_FALSE(route_name(ns, "Inbox")->root);
    EXPECT_EQ(route_name(ns, "mail/x")->index, 1u);
}

TEST(SessionNamespaces, AnotherNamespacesInboxKeepsItsPrefix)
{
    const auto ns = three();
    EXPECT_EQ(ns[0].to_client("INBOX"), "INBOX");
    EXPECT_EQ(ns[1].to_client("INBOX"), "mail/INBOX");
    EXPECT_EQ(ns[1].to_client("a/b"), "mail/a/b");
}

}  // namespace
}  // namespace roost::imap
