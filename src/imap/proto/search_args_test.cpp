// SEARCH: the whole search-key grammar as a tree, RETURN options, CHARSET, MODSEQ and "$".
#include "imap/proto/search_args.hpp"

#include <gtest/gtest.h>

#include "imap/proto/receiver_testing.hpp"

namespace roost::imap::proto {
namespace {

using Kind = SearchKey::Kind;

Result<SearchArgs> search(std::string_view line)
{
    Command command = testing::receive(line);
    EXPECT_NE(command.name, "<error>") << line << ": " << command.tag;
    return parse_search(command);
}

// A compact rendering of a key tree: "AND(SEEN,OR(FROM:x,NOT(UID:1:5)))".
std::string show(const SearchKey& k)
{
    static const char* const kNames[] = {
        "AND", "OR", "NOT", "FUZZY", "ALL", "SET", "UID", "ANSWERED", "DELETED", "DRAFT",
        "FLAGGED", "SEEN", "RECENT", "NEW", "OLD", "UNANSWERED", "UNDELETED", "UNDRAFT",
        "UNFLAGGED", "UNSEEN", "KEYWORD", "UNKEYWORD", "BCC", "BODY", "CC", "FROM", "SUBJECT",
        "TEXT", "TO", "HEADER", "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE",
        "SAVEDBEFORE", "SAVEDON", "SAVEDSINCE", "SAVEDATESUPPORTED", "LARGER", "SMALLER",
        "OLDER", "YOUNGER", "MODSEQ", "EMAILID", "THREADID"};
    std::string out = kNames[static_cast<int>(k.kind)];
    switch (k.kind) {
        case Kind::SequenceSet:
        case Kind::Uid:
            return out + ":" + k.set.to_string();
        case Kind::Header:
            return out + ":" + k.field + "=" + k.value;
        case Kind::Before:
        case Kind::On:
        case Kind::Since:
        case Kind::SentBefore:
        case Kind::SentOn:
        case Kind::SentSince:
        case Kind::SavedBefore:
        case Kind::SavedOn:
        case Kind::SavedSince:
            return out + ":" + std::to_string(k.date.year) + "-" + std::to_string(k.date.month) +
                   "-" + std::to_string(k.date.day);
        case Kind::Larger:
        case Kind::Smaller:
        case Kind::Older:
        case Kind::Younger:
            return out + ":" + std::to_string(k.number);
        case Kind::ModSeq:
            return out + ":" + (k.field.empty() ? "" : k.field + "/") + std::to_string(k.number);
        default:
            break;
    }
    if (!k.value.empty()) {
        return out + ":" + k.value;
    }
    if (!k.children.empty()) {
        out += '(';
        for (std::size_t i = 0; i < k.children.size(); ++i) {
            out += (i > 0 ? "," : "") + show(k.children[i]);
        }
        out += ')';
    }
    return out;
}

std::string tree(std::string_view line)
{
    auto s = search(line);
    return s ? show(s->key) : "BAD " + s.error().message;
}

TEST(SearchArgs, FlagAndStringKeys)
{
    EXPECT_EQ(tree("a SEARCH ALL"), "AND(ALL)");
    EXPECT_EQ(tree("a SEARCH unseen FLAGGED NOT DELETED"), "AND(UNSEEN,FLAGGED,NOT(DELETED))");
    EXPECT_EQ(tree("a SEARCH ANSWERED DRAFT SEEN RECENT NEW OLD UNANSWERED UNDELETED UNDRAFT "
                   "UNFLAGGED"),
              "AND(ANSWERED,DRAFT,SEEN,RECENT,NEW,OLD,UNANSWERED,UNDELETED,UNDRAFT,UNFLAGGED)");
    EXPECT_EQ(tree("a SEARCH FROM alice TO \"bob smith\" CC c BCC d SUBJECT {5}\r\nhello BODY "
                   "x TEXT y"),
              "AND(FROM:alice,TO:bob smith,CC:c,BCC:d,SUBJECT:hello,BODY:x,TEXT:y)");
    EXPECT_EQ(tree("a SEARCH HEADER List-Id \"<list.example.org>\" HEADER X-Spam \"\""),
              "AND(HEADER:List-Id=<list.example.org>,HEADER:X-Spam=)");
    EXPECT_EQ(tree("a SEARCH KEYWORD $Junk UNKEYWORD $NotJunk"),
              "AND(KEYWORD:$Junk,UNKEYWORD:$NotJunk)");
}

TEST(SearchArgs, DatesSizesAndWithin)
{
    EXPECT_EQ(tree("a SEARCH SINCE 1-Feb-1994 BEFORE \"15-Mar-2024\" ON 01-jan-2000"),
              "AND(SINCE:1994-2-1,BEFORE:2024-3-15,ON:2000-1-1)");
    EXPECT_EQ(tree("a SEARCH SENTSINCE 1-Feb-1994 SENTBEFORE 1-Feb-1995 SENTON 2-Feb-1994"),
              "AND(SENTSINCE:1994-2-1,SENTBEFORE:1995-2-1,SENTON:1994-2-2)");
    EXPECT_EQ(tree("a SEARCH SAVEDSINCE 1-Feb-1994 SAVEDATESUPPORTED"),
              "AND(SAVEDSINCE:1994-2-1,SAVEDATESUPPORTED)");
    EXPECT_EQ(tree("a SEARCH LARGER 10000 SMALLER 5000000000"),
              "AND(LARGER:10000,SMALLER:5000000000)");
    EXPECT_EQ(tree("a SEARCH YOUNGER 3600 OLDER 60"), "AND(YOUNGER:3600,OLDER:60)");
    EXPECT_EQ(tree("a SEARCH SINCE 30-Feb-2024"), "BAD Error in IMAP command SEARCH: Invalid date 30-Feb-2024");
    EXPECT_EQ(tree("a SEARCH LARGER big"),
              "BAD Error in IMAP command SEARCH: Invalid LARGER argument (number expected)");
    EXPECT_EQ(tree("a SEARCH YOUNGER 0"),
              "BAD Error in IMAP command SEARCH: Invalid YOUNGER argument (must not be 0)");
}

TEST(SearchArgs, SetsOrNotAndNesting)
{
    EXPECT_EQ(tree("a SEARCH 1:5,7 UID 10:*"), "AND(SET:1:5,7,UID:10:*)");
    EXPECT_EQ(tree("a SEARCH OR FROM a (TO b SUBJECT c)"),
              "AND(OR(FROM:a,AND(TO:b,SUBJECT:c)))");
    EXPECT_EQ(tree("a SEARCH OR OR SEEN FLAGGED NOT (DELETED OR ANSWERED DRAFT)"),
              "AND(OR(OR(SEEN,FLAGGED),NOT(AND(DELETED,OR(ANSWERED,DRAFT)))))");
    EXPECT_EQ(tree("a SEARCH NOT NOT ALL"), "AND(NOT(NOT(ALL)))");
    EXPECT_EQ(tree("a SEARCH ((SEEN))"), "AND(AND(AND(SEEN)))");
    EXPECT_EQ(tree("a SEARCH FUZZY SUBJECT hello"), "AND(FUZZY(SUBJECT:hello))");
    EXPECT_EQ(tree("a SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9"),
              "AND(EMAILID:M6d99ac3275bb4e,THREADID:T64b478a75b7ea9)");
}

TEST(SearchArgs, SavedResultAndReturn)
{
    auto s = *search("a UID SEARCH RETURN (SAVE MIN) UNSEEN");
    EXPECT_TRUE(s.uid);
    EXPECT_TRUE(s.esearch);
    EXPECT_TRUE(s.return_save);
    EXPECT_TRUE(s.return_min);
    EXPECT_FALSE(s.return_all);
    EXPECT_FALSE(uses_saved_result(s.key));
    s = *search("a SEARCH $ SEEN");
    EXPECT_FALSE(s.esearch);
    EXPECT_TRUE(uses_saved_result(s.key));
    EXPECT_TRUE(uses_saved_result(search("a SEARCH OR UID $ SEEN")->key));
    s = *search("a SEARCH RETURN () ALL");
    EXPECT_TRUE(s.return_all);
    s = *search("a SEARCH RETURN (MIN MAX COUNT ALL) ALL");
    EXPECT_TRUE(s.return_min && s.return_max && s.return_count && s.return_all);
    EXPECT_EQ(tree("a SEARCH RETURN (PARTIAL 1:10) ALL"),
              "BAD Error in IMAP command SEARCH: Unknown RETURN option PARTIAL");
}

TEST(SearchArgs, Charset)
{
    auto s = *search("a SEARCH CHARSET UTF-8 SUBJECT {5}\r\n\xc3\xa9t\xc3\xa9");
    EXPECT_EQ(*s.charset, "UTF-8");
    EXPECT_EQ(s.key.children[0].value, "\xc3\xa9t\xc3\xa9");
    s = *search("a SEARCH RETURN (COUNT) CHARSET \"ISO-8859-1\" ALL");
    EXPECT_EQ(*s.charset, "ISO-8859-1");
    EXPECT_TRUE(s.return_count);
    EXPECT_FALSE(search("a SEARCH ALL")->charset);
    EXPECT_EQ(tree("a SEARCH CHARSET"), "BAD Error in IMAP command SEARCH: Missing charset");
}

TEST(SearchArgs, Modseq)
{
    EXPECT_EQ(tree("a SEARCH MODSEQ 620162338"), "AND(MODSEQ:620162338)");
    auto s = *search("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338");
    EXPECT_EQ(s.key.children[0].field, "/flags/\\draft");
    EXPECT_EQ(s.key.children[0].entry_type, SearchKey::EntryType::All);
    s = *search("a SEARCH MODSEQ \"/flags/$x\" priv 0");
    EXPECT_EQ(s.key.children[0].entry_type, SearchKey::EntryType::Private);
    EXPECT_EQ(tree("a SEARCH MODSEQ \"/flags/x\" mine 5"),
              "BAD Error in IMAP command SEARCH: Invalid MODSEQ entry type mine");
}

TEST(SearchArgs, Refused)
{
    EXPECT_EQ(tree("a SEARCH"), "BAD Error in IMAP command SEARCH: Missing search key");
    EXPECT_EQ(tree("a SEARCH FROM"), "BAD Error in IMAP command SEARCH: Missing FROM argument");
    EXPECT_EQ(tree("a SEARCH OR SEEN"), "BAD Error in IMAP command SEARCH: Missing search key");
    EXPECT_EQ(tree("a SEARCH NOT"), "BAD Error in IMAP command SEARCH: Missing search key");
    EXPECT_EQ(tree("a SEARCH FOO"), "BAD Error in IMAP command SEARCH: Unknown search key FOO");
    EXPECT_EQ(tree("a SEARCH ()"), "BAD Error in IMAP command SEARCH: Empty search key list");
    EXPECT_EQ(tree("a SEARCH 0:5"), "BAD Error in IMAP command SEARCH: Invalid sequence set: 0:5");
    EXPECT_EQ(tree("a SEARCH KEYWORD \"x\""),
              "BAD Error in IMAP command SEARCH: Invalid KEYWORD argument");
    EXPECT_EQ(tree("a SEARCH HEADER Subject"),
              "BAD Error in IMAP command SEARCH: Missing HEADER argument");
    // a chain of NOT or OR deeper than the limit is refused, not recursed into
    std::string deep = "a SEARCH";
    for (std::size_t i = 0; i < 5000; ++i) {
        deep += " NOT";
    }
    EXPECT_EQ(tree(deep + " ALL"), "BAD Error in IMAP command SEARCH: Search keys nested too deeply");
}

}  // namespace
}  // namespace roost::imap::proto
