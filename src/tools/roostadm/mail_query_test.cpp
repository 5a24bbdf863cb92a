#include "tools/roostadm/mail_query.hpp"

#include <gtest/gtest.h>

namespace roost::tools::roostadm {
namespace {

using Kind = imap::proto::SearchKey::Kind;

MailQuery parsed(const std::vector<std::string>& words)
{
    auto q = parse_mail_query(words, 1700000000);
    EXPECT_TRUE(q.ok()) << (q ? "" : q.error().message);
    return q ? *q : MailQuery{};
}

TEST(MailQuery, MailboxWordsChooseMailboxesAndTheRestIsTheProgram)
{
    const MailQuery q = parsed({"mailbox", "INBOX", "unseen", "MAILBOX", "Lists/*", "from", "bob@example.com"});
    EXPECT_EQ(q.mailbox_patterns, (std::vector<std::string>{"INBOX", "Lists/*"}));
    EXPECT_EQ(q.imap_program, "unseen from bob@example.com");
    ASSERT_EQ(q.search.key.children.size(), 2u);
    EXPECT_EQ(q.search.key.children[0].kind, Kind::Unseen);
    EXPECT_EQ(q.search.key.children[1].kind, Kind::From);
    EXPECT_EQ(q.search.key.children[1].value, "bob@example.com");
}

TEST(MailQuery, EmptyQueryIsAll)
{
    const MailQuery q = parsed({"mailbox", "Sent"});
    EXPECT_EQ(q.imap_program, "ALL");
    EXPECT_EQ(q.search.key.children.at(0).kind, Kind::All);
}

TEST(MailQuery, WordsWithSpacesQuotesAndUtf8BecomeLiterals)
{
    const MailQuery q = parsed({"subject", "hello \"big\" world", "body", "Grüße"});
    ASSERT_EQ(q.search.key.children.size(), 2u);
    EXPECT_EQ(q.search.key.children[0].value, "hello \"big\" world");
    EXPECT_EQ(q.search.key.children[1].value, "Grüße");
}

TEST(MailQuery, DatesAndIntervals)
{
    EXPECT_EQ(parsed({"since", "2024-01-31"}).imap_program, "since 31-Jan-2024");
    EXPECT_EQ(parsed({"before", "5-Feb-2023"}).imap_program, "before 5-Feb-2023");
    EXPECT_EQ(parsed({"since", "7d"}).imap_program, "YOUNGER 604800");
    EXPECT_EQ(parsed({"before", "2weeks"}).imap_program, "OLDER 1209600");
    EXPECT_EQ(parsed({"savedsince", "1h"}).search.key.children.at(0).kind, Kind::SavedSince);
    EXPECT_EQ(parsed({"SINCE", "30days"}).imap_program, "YOUNGER 2592000");
}

TEST(MailQuery, OrNotAndParenthesesPassThrough)
{
    const MailQuery q = parsed({"or", "seen", "(", "flagged", "not", "deleted", ")"});
    ASSERT_EQ(q.search.key.children.size(), 1u);
    EXPECT_EQ(q.search.key.children[0].kind, Kind::Or);
}

TEST(MailQuery, BadQueriesAreErrors)
{
    for (const std::vector<std::string>& words :
         std::vector<std::vector<std::string>>{{"mailbox"}, {"frobnicate"}, {"since", "yesterday-ish"}, {"uid", "$"},
                                               {"(", "seen"}, {"larger", "big"}}) {
        EXPECT_FALSE(parse_mail_query(words, 1700000000).ok()) << words.front();
    }
}

TEST(MailQuery, MailboxPatterns)
{
    EXPECT_TRUE(mailbox_matches("INBOX", "INBOX"));
    EXPECT_TRUE(mailbox_matches("inbox", "INBOX"));
    EXPECT_TRUE(mailbox_matches("*", "Lists/roost"));
    EXPECT_TRUE(mailbox_matches("Lists/*", "Lists/roost"));
    EXPECT_TRUE(mailbox_matches("S?nt", "Sent"));
    EXPECT_TRUE(mailbox_matches("*o*t", "Lists/roost"));
    EXPECT_FALSE(mailbox_matches("Lists/*", "Sent"));
    EXPECT_FALSE(mailbox_matches("Sent", "sent"));
    EXPECT_FALSE(mailbox_matches("S?nt", "Snt"));
}

}  // namespace
}  // namespace roost::tools::roostadm
