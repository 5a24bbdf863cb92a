// Separator mapping and LIST pattern matching.
#include "imap/worker/mailbox_names.hpp"

#include <gtest/gtest.h>

#include <string>

namespace roost::imap {
namespace {

TEST(MailboxNames, SeparatorFollowsTheLayout)
{
    EXPECT_EQ(separator_for_layout(""), '.');
    EXPECT_EQ(separator_for_layout("maildir++"), '.');
    EXPECT_EQ(separator_for_layout("fs"), '/');
}

TEST(MailboxNames, ClientAndStorageForms)
{
    EXPECT_EQ(to_client_name("Work/2024", '.'), "Work.2024");
    EXPECT_EQ(to_storage_name("Work.2024", '.'), "Work/2024");
    EXPECT_EQ(to_storage_name("inbox.Sub", '.'), "INBOX/Sub");
    EXPECT_EQ(to_storage_name("Inbox", '.'), "INBOX");
    EXPECT_EQ(to_storage_name("Inboxes", '.'), "Inboxes");
    EXPECT_FALSE(to_storage_name("a/b", '.'));  // '/' is not a level separator here
    EXPECT_EQ(to_storage_name("a/b", '/'), "a/b");
    EXPECT_EQ(to_storage_name("a.b", '/'), "a.b");
}

TEST(MailboxNames, NamespacePrefix)
{
    // Courier-style: every folder below INBOX. (Dovecot's prefix = INBOX.).
    EXPECT_EQ(to_client_name("INBOX", '.', "INBOX."), "INBOX");
    EXPECT_EQ(to_client_name("Sent/2024", '.', "INBOX."), "INBOX.Sent.2024");
    EXPECT_EQ(to_storage_name("INBOX.Sent.2024", '.', "INBOX."), "Sent/2024");
    EXPECT_EQ(to_storage_name("inbox.Sent", '.', "INBOX."), "Sent");
    EXPECT_EQ(to_storage_name("Inbox", '.', "INBOX."), "INBOX");
    EXPECT_EQ(to_storage_name("INBOX.", '.', "INBOX."), "INBOX");
    EXPECT_FALSE(to_storage_name("Sent", '.', "INBOX."));
    EXPECT_TRUE(outside_namespace("Sent", "INBOX."));
    EXPECT_FALSE(outside_namespace("inbox", "INBOX."));
    EXPECT_FALSE(outside_namespace("INBOX.Sent", "INBOX."));
    EXPECT_FALSE(outside_namespace("Sent", ""));
    // Any other prefix is matched exactly; the bare prefix names no mailbox.
    EXPECT_EQ(to_client_name("Work", '/', "Mail/"), "Mail/Work");
    EXPECT_EQ(to_storage_name("Mail/Work", '/', "Mail/"), "Work");
    EXPECT_FALSE(to_storage_name("mail/Work", '/', "Mail/"));
    EXPECT_FALSE(to_storage_name("Mail/", '/', "Mail/"));
}

TEST(MailboxNames, PatternWildcards)
{
    EXPECT_TRUE(list_pattern_matches("*", "a.b.c", '.'));
    EXPECT_TRUE(list_pattern_matches("%", "INBOX", '.'));
    EXPECT_FALSE(list_pattern_matches("%", "a.b", '.'));
    EXPECT_TRUE(list_pattern_matches("a.%", "a.b", '.'));
    EXPECT_FALSE(list_pattern_matches("a.%", "a.b.c", '.'));
    EXPECT_TRUE(list_pattern_matches("a.*", "a.b.c", '.'));
    EXPECT_FALSE(list_pattern_matches("a.*", "a", '.'));
    EXPECT_TRUE(list_pattern_matches("a*c", "abbbc", '.'));
    EXPECT_TRUE(list_pattern_matches("%b%", "abc", '.'));
    EXPECT_FALSE(list_pattern_matches("abc", "abcd", '.'));
    EXPECT_TRUE(list_pattern_matches("", "", '.'));
    EXPECT_FALSE(list_pattern_matches("", "a", '.'));
}

TEST(MailboxNames, HostilePatternStaysFast)
{
    const std::string pattern(2000, '*');
    const std::string name(300, 'a');
    EXPECT_TRUE(list_pattern_matches(pattern, name, '.'));
    EXPECT_FALSE(list_pattern_matches(pattern + "b", name, '.'));
}

TEST(MailboxNames, InboxPatternIsCaseInsensitive)
{
    EXPECT_EQ(canonical_pattern("inbox", '.'), "INBOX");
    EXPECT_EQ(canonical_pattern("iNbOx.*", '.'), "INBOX.*");
    EXPECT_EQ(canonical_pattern("inboxes", '.'), "inboxes");
}

}  // namespace
}  // namespace roost::imap
