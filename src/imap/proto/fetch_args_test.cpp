// FETCH: macros, every item, sections and partials through mail::imap, modifiers, and the
// names and \Seen behaviour the server needs.
#include "imap/proto/fetch_args.hpp"

#include <gtest/gtest.h>

#include "imap/proto/receiver_testing.hpp"

namespace roost::imap::proto {
namespace {

using Kind = FetchAtt::Kind;
using SectionKind = mail::imap::SectionSpec::Kind;

Result<FetchArgs> fetch(std::string_view line)
{
    Command command = testing::receive(line);
    EXPECT_NE(command.name, "<error>") << line << ": " << command.tag;
    return parse_fetch(command);
}

std::vector<Kind> kinds(const FetchArgs& args)
{
    std::vector<Kind> out;
    for (const FetchAtt& a : args.items) {
        out.push_back(a.kind);
    }
    return out;
}

std::vector<std::string> names(const FetchArgs& args)
{
    std::vector<std::string> out;
    for (const FetchAtt& a : args.items) {
        out.push_back(a.response_name());
    }
    return out;
}

std::string bad(std::string_view line)
{
    auto f = fetch(line);
    return f ? "<accepted>" : f.error().message;
}

TEST(FetchArgs, Macros)
{
    EXPECT_EQ(kinds(*fetch("a FETCH 1 ALL")),
              (std::vector<Kind>{Kind::Flags, Kind::InternalDate, Kind::Rfc822Size,
                                 Kind::Envelope}));
    EXPECT_EQ(kinds(*fetch("a FETCH 1 fast")),
              (std::vector<Kind>{Kind::Flags, Kind::InternalDate, Kind::Rfc822Size}));
    EXPECT_EQ(kinds(*fetch("a FETCH 1:* FULL")),
              (std::vector<Kind>{Kind::Flags, Kind::InternalDate, Kind::Rfc822Size,
                                 Kind::Envelope, Kind::Body}));
    EXPECT_EQ(bad("a FETCH 1 (ALL)"), "Error in IMAP command FETCH: Unknown item ALL");
}

TEST(FetchArgs, SimpleItems)
{
    auto f = *fetch("a UID FETCH 1:* (UID flags INTERNALDATE RFC822.SIZE ENVELOPE BODY "
                    "BODYSTRUCTURE MODSEQ RFC822 RFC822.HEADER RFC822.TEXT PREVIEW SAVEDATE "
                    "EMAILID THREADID)");
    EXPECT_TRUE(f.uid);
    EXPECT_EQ(f.set.to_string(), "1:*");
    EXPECT_EQ(names(f), (std::vector<std::string>{
                            "UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY",
                            "BODYSTRUCTURE", "MODSEQ", "RFC822", "RFC822.HEADER", "RFC822.TEXT",
                            "PREVIEW", "SAVEDATE", "EMAILID", "THREADID"}));
    EXPECT_EQ(kinds(*fetch("a FETCH 2 FLAGS")), std::vector<Kind>{Kind::Flags});
    EXPECT_FALSE(fetch("a FETCH 2 FLAGS")->uid);
}

TEST(FetchArgs, ItemsNamedTwiceAreAnsweredOnce)
{
    EXPECT_EQ(names(*fetch("a FETCH 1 (FLAGS UID FLAGS BODY.PEEK[1] UID BODY.PEEK[1] BODY[1])")),
              (std::vector<std::string>{"FLAGS", "UID", "BODY[1]", "BODY[1]"}));
}

TEST(FetchArgs, BodySections)
{
    auto f = *fetch("a FETCH 1 (BODY[] BODY.PEEK[HEADER.FIELDS (From To \"Subject\")]<0.1024> "
                    "BODY[1.2.MIME] body.peek[2.TEXT]<10.20> BODY[3])");
    ASSERT_EQ(f.items.size(), 5u);
    EXPECT_EQ(f.items[0].kind, Kind::BodySection);
    EXPECT_FALSE(f.items[0].peek);
    EXPECT_TRUE(f.items[0].sets_seen());
    EXPECT_EQ(f.items[0].section.kind, SectionKind::Full);
    EXPECT_TRUE(f.items[1].peek);
    EXPECT_FALSE(f.items[1].sets_seen());
    EXPECT_EQ(f.items[1].section.kind, SectionKind::HeaderFields);
    EXPECT_EQ(f.items[1].section.fields, (std::vector<std::string>{"From", "To", "Subject"}));
    ASSERT_TRUE(f.items[1].partial);
    EXPECT_EQ(f.items[1].partial->offset, 0u);
    EXPECT_EQ(f.items[1].partial->count, 1024u);
    EXPECT_EQ(f.items[2].section.part, (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(f.items[2].section.kind, SectionKind::Mime);
    EXPECT_EQ(names(f), (std::vector<std::string>{"BODY[]",
                                                  "BODY[HEADER.FIELDS (FROM TO \"SUBJECT\")]<0>",
                                                  "BODY[1.2.MIME]", "BODY[2.TEXT]<10>",
                                                  "BODY[3]"}));
    // a single sectioned item without a list, as mutt sends it
    f = *fetch("a UID FETCH 7 BODY.PEEK[HEADER.FIELDS.NOT (Received)]");
    EXPECT_EQ(f.items[0].section.kind, SectionKind::HeaderFieldsNot);
    // the mail library's item for the server's writer
    auto item = f.items[0].content_item();
    ASSERT_TRUE(item);
    EXPECT_EQ(item->kind, mail::imap::FetchItem::Kind::BodySection);
    EXPECT_EQ(item->section.fields, std::vector<std::string>{"Received"});
}

TEST(FetchArgs, LegacyRfc822ItemsMapToSections)
{
    auto f = *fetch("a FETCH 1 (RFC822 RFC822.HEADER RFC822.TEXT)");
    EXPECT_TRUE(f.items[0].sets_seen());
    EXPECT_FALSE(f.items[1].sets_seen());
    EXPECT_TRUE(f.items[2].sets_seen());
    EXPECT_EQ(f.items[1].content_item()->section.kind, SectionKind::Header);
    EXPECT_EQ(f.items[2].content_item()->section.kind, SectionKind::Text);
    EXPECT_FALSE(fetch("a FETCH 1 FLAGS")->items[0].content_item());
}

TEST(FetchArgs, Binary)
{
    auto f = *fetch("a FETCH 1 (BINARY[1] BINARY.PEEK[1.2]<0.100> BINARY.SIZE[2] BINARY[])");
    EXPECT_EQ(f.items[0].kind, Kind::Binary);
    EXPECT_TRUE(f.items[0].sets_seen());
    EXPECT_TRUE(f.items[1].peek);
    EXPECT_EQ(f.items[2].kind, Kind::BinarySize);
    EXPECT_EQ(names(f), (std::vector<std::string>{"BINARY[1]", "BINARY[1.2]<0>",
                                                  "BINARY.SIZE[2]", "BINARY[]"}));
    EXPECT_EQ(f.items[2].content_item()->kind, mail::imap::FetchItem::Kind::BinarySize);
    EXPECT_EQ(bad("a FETCH 1 BINARY[1.HEADER]"),
              "Error in IMAP command FETCH: BINARY takes only part numbers: BINARY[1.HEADER]");
    EXPECT_EQ(bad("a FETCH 1 BINARY.SIZE[1]<0.10>"),
              "Error in IMAP command FETCH: Invalid partial in BINARY.SIZE[1]<0.10>");
}

TEST(FetchArgs, Preview)
{
    auto f = *fetch("a FETCH 1 (UID PREVIEW (LAZY) FLAGS)");
    ASSERT_EQ(f.items.size(), 3u);
    EXPECT_TRUE(f.items[1].lazy);
    f = *fetch("a FETCH 1 PREVIEW (LAZY)");
    ASSERT_EQ(f.items.size(), 1u);
    EXPECT_TRUE(f.items[0].lazy);
    EXPECT_FALSE(f.changed_since);
}

TEST(FetchArgs, Modifiers)
{
    auto f = *fetch("a FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)");
    EXPECT_EQ(*f.changed_since, 12345u);
    EXPECT_FALSE(f.vanished);
    f = *fetch("a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)");
    EXPECT_TRUE(f.vanished);
    f = *fetch("a FETCH 1 PREVIEW (CHANGEDSINCE 5)");
    EXPECT_EQ(*f.changed_since, 5u);
    EXPECT_FALSE(f.items[0].lazy);
    EXPECT_EQ(bad("a FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)"),
              "Error in IMAP command FETCH: VANISHED needs UID FETCH and CHANGEDSINCE");
    EXPECT_EQ(bad("a UID FETCH 1:* (FLAGS) (VANISHED)"),
              "Error in IMAP command UID FETCH: VANISHED needs UID FETCH and CHANGEDSINCE");
    EXPECT_EQ(bad("a FETCH 1 FLAGS (CHANGEDSINCE 0)"),
              "Error in IMAP command FETCH: Invalid CHANGEDSINCE mod-sequence (must not be 0)");
    EXPECT_EQ(bad("a FETCH 1 FLAGS (FOO)"), "Error in IMAP command FETCH: Unknown FETCH modifier FOO");
    EXPECT_EQ(bad("a FETCH 1 FLAGS ()"), "Error in IMAP command FETCH: Empty FETCH modifier list");
}

TEST(FetchArgs, Refused)
{
    EXPECT_EQ(bad("a FETCH"), "Error in IMAP command FETCH: Missing sequence set");
    EXPECT_EQ(bad("a FETCH 1"), "Error in IMAP command FETCH: Missing fetch items");
    EXPECT_EQ(bad("a FETCH 1 ()"), "Error in IMAP command FETCH: Empty fetch item list");
    EXPECT_EQ(bad("a FETCH 1 (FLAGS BOGUS)"), "Error in IMAP command FETCH: Unknown item BOGUS");
    EXPECT_EQ(bad("a FETCH 1 (\"FLAGS\")"), "Error in IMAP command FETCH: Invalid item \"FLAGS\"");
    EXPECT_EQ(bad("a FETCH 1 BODY.PEEK"), "Error in IMAP command FETCH: Unknown item BODY.PEEK");
    EXPECT_EQ(bad("a FETCH 1 BODY[4.FOO]"),
              "Error in IMAP command FETCH: Invalid section in BODY[4.FOO]");
    EXPECT_EQ(bad("a FETCH 1 BODY[]<5>"), "Error in IMAP command FETCH: Invalid partial in BODY[]<5>");
    EXPECT_EQ(bad("a FETCH 1 BODY[]<0.0>"),
              "Error in IMAP command FETCH: Invalid partial in BODY[]<0.0>");
    EXPECT_EQ(bad("a FETCH 1 FOO[1]"), "Error in IMAP command FETCH: Unknown item FOO[1]");
    EXPECT_EQ(bad("a FETCH 1:x FLAGS"), "Error in IMAP command FETCH: Invalid sequence set: 1:x");
    EXPECT_EQ(bad("a FETCH 1 FLAGS (CHANGEDSINCE 1) x"),
              "Error in IMAP command FETCH: Unexpected argument x");
}

}  // namespace
}  // namespace roost::imap::proto
