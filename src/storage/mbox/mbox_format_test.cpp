// Tests of the pure mbox format: boundaries as Dovecot finds them, status headers, sizes,
// UID assignment, quoting and rendering.
#include "storage/mbox/mbox_format.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace roost::storage::mbox {
namespace {

class MboxFormatTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
};

// A Dovecot-written mbox, byte for byte as doveadm left it (see doc/storage.md).
constexpr std::string_view kDovecot =
    "From alice@example.org  Sun Nov 22 08:43:29 2026\n"
    "Return-Path: <alice@example.org>\n"
    "Subject: one\n"
    "X-IMAPbase: 1795429091 0000000003 $Forwarded Todo\n"
    "X-UID: 1            \n"
    "Status: R\n"
    "X-Status: A\n"
    "\n"
    "body line\n"
    ">From quoted\n"
    "From raw here\n"
    "\n"
    "From bob@example.org  Sun Nov 22 08:44:29 2026\n"
    "Subject: two\n"
    "X-UID: 2        \n"
    "X-Status: FTD\n"
    "X-Keywords: $Forwarded Todo\n"
    "\n"
    "second\n"
    "\n"
    "From tester@vm  Mon Nov 23 10:18:17 2026\n"
    "Subject: three\n"
    "X-UID: 3\n"
    "Status: \n"
    "X-Keywords:                       \n"
    "Content-Length: 24\n"
    "\n"
    "From here on\n"
    "\n"
    "From x\n"
    "\n";

TEST_F(MboxFormatTest, ParsesDovecotStatusHeaders)
{
    const ParsedMbox p = parse_mbox(kDovecot);
    ASSERT_EQ(p.messages.size(), 3u);
    ASSERT_TRUE(p.base);
    EXPECT_EQ(p.base->uidvalidity, 1795429091u);
    EXPECT_EQ(p.base->last_uid, 3u);
    EXPECT_EQ(p.base->last_uid_width, 10u);
    EXPECT_EQ(kDovecot.substr(p.base->last_uid_offset, 10), "0000000003");
    EXPECT_EQ(p.base->keywords, (std::vector<std::string>{"$Forwarded", "Todo"}));
    EXPECT_EQ(p.messages[0].uid, 1u);
    EXPECT_EQ(p.messages[0].flags, Flag::Seen | Flag::Answered);
    EXPECT_FALSE(p.messages[0].seen_by_reader);
    EXPECT_EQ(p.messages[1].flags, Flags(Flag::Flagged) | Flag::Draft | Flag::Deleted);
    EXPECT_EQ(p.messages[1].keywords, (std::vector<std::string>{"$Forwarded", "Todo"}));
    EXPECT_EQ(p.messages[0].received, 1795337009);
    // Content-Length carries the third message over its unquoted "From x" line.
    EXPECT_EQ(visible_message(kDovecot, p.messages[2]),
              "Subject: three\n\nFrom here on\n\nFrom x\n");
    EXPECT_TRUE(p.messages[1].status_block);
}

TEST_F(MboxFormatTest, VisibleMessageHidesStatusHeadersAndSeparator)
{
    const ParsedMbox p = parse_mbox(kDovecot);
    // Sizes Dovecot reports for this file: physical 74 (and no >From unquoting).
    const std::string first = visible_message(kDovecot, p.messages[0]);
    EXPECT_EQ(first,
              "Return-Path: <alice@example.org>\nSubject: one\n\nbody line\n>From quoted\n"
              "From raw here\n");
    EXPECT_EQ(visible_message(kDovecot, p.messages[1]), "Subject: two\n\nsecond\n");
}

TEST_F(MboxFormatTest, BoundariesAsDovecotFindsThem)
{
    // Observed with doveadm: a valid From_ line starts a message even without an empty line
    // before it; "From " lines without a date do not; the "\n" before a From_ line or at the
    // end of the file is the separator.
    const std::string_view data =
        "From a@x  Sun Nov 22 08:43:29 2026\nSubject: one\n\nline\n"
        "From b@x  Sun Nov 22 08:43:29 2026\nmore\n\nFrom invalid here\nx\n\n"
        "From c@x  Sun Nov 22 08:43:29 2026\nSubject: two\n\nlast\n";
    const ParsedMbox p = parse_mbox(data);
    ASSERT_EQ(p.messages.size(), 3u);
    EXPECT_EQ(visible_message(data, p.messages[0]).size(), 18u);
    EXPECT_EQ(visible_message(data, p.messages[1]).size(), 26u);
    EXPECT_EQ(visible_message(data, p.messages[2]), "Subject: two\n\nlast");
    EXPECT_FALSE(p.base);
}

TEST_F(MboxFormatTest, FromLineVariants)
{
    std::int64_t d = 0;
    EXPECT_TRUE(parse_from_line("From MAILER-DAEMON  Mon Nov 23 10:18:45 2026", &d));
    EXPECT_EQ(d, 1795429125);
    EXPECT_TRUE(parse_from_line("From a@b Mon Nov  2 10:18 2026", &d));
    EXPECT_TRUE(parse_from_line("From a@b Mon Nov 23 10:18:45 +0100 2026", &d));
    EXPECT_EQ(d, 1795429125 - 3600);
    EXPECT_TRUE(parse_from_line("From a@b Mon Nov 23 10:18:45 CET 2026", &d));
    EXPECT_FALSE(parse_from_line("From here on", &d));
    EXPECT_FALSE(parse_from_line("From  Mon Nov 23 10:18:45 2026", &d));
    EXPECT_FALSE(parse_from_line("from a@b Mon Nov 23 10:18:45 2026", &d));
    EXPECT_FALSE(parse_from_line("From a@b Mon Nov 23 25:18:45 2026", &d));
    EXPECT_EQ(make_from_line("a@b", 1795429125), "From a@b  Mon Nov 23 10:18:45 2026");
    EXPECT_EQ(make_from_line("", 1793613600), "From MAILER-DAEMON  Mon Nov  2 10:00:00 2026");
}

TEST_F(MboxFormatTest, UidAssignmentKeepsOrder)
{
    const std::string_view data =
        "From a@x  Sun Nov 22 08:43:29 2026\nX-IMAPbase: 7 0000000010\nX-UID: 4\n\na\n"
        "From a@x  Sun Nov 22 08:43:29 2026\nX-UID: 9\n\nb\n"
        "From a@x  Sun Nov 22 08:43:29 2026\n\nc (postfix, no X-UID)\n"
        "From a@x  Sun Nov 22 08:43:29 2026\nX-UID: 10\n\nd (after a new one: renumbered)\n"
        "From a@x  Sun Nov 22 08:43:29 2026\nX-UID: 99\n\ne\n";
    const ParsedMbox p = parse_mbox(data);
    const UidAssignment a = assign_uids(p);
    EXPECT_EQ(a.uids, (std::vector<std::uint32_t>{4, 9, 11, 12, 13}));
    EXPECT_EQ(a.last_uid, 13u);
    EXPECT_TRUE(a.needs_write);

    // Above X-IMAPbase's last UID is forged (or not ours): a new UID.
    const std::string_view forged =
        "From a@x  Sun Nov 22 08:43:29 2026\nX-IMAPbase: 7 0000000002\nX-UID: 2\n\na\n"
        "From a@x  Sun Nov 22 08:43:29 2026\nX-UID: 500\n\nb\n";
    EXPECT_EQ(assign_uids(parse_mbox(forged)).uids, (std::vector<std::uint32_t>{2, 3}));
    // Complete and in order: nothing to write.
    const std::string_view clean =
        "From a@x  Sun Nov 22 08:43:29 2026\nX-IMAPbase: 7 0000000002\nX-UID: 1\n\na\n"
        "From a@x  Sun Nov 22 08:43:29 2026\nX-UID: 2\n\nb\n";
    EXPECT_FALSE(assign_uids(parse_mbox(clean)).needs_write);
}

TEST_F(MboxFormatTest, PseudoMessageHoldsTheBase)
{
    const std::string_view data =
        "From MAILER_DAEMON  Mon Nov 23 10:18:45 2026\n"
        "Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA\n"
        "X-IMAP: 1795429091 0000000003\nStatus: RO\n\ntext\n\n"
        "From tester@vm  Mon Nov 23 10:18:45 2026\nX-UID: 4\n\nhi\n\n";
    const ParsedMbox p = parse_mbox(data);
    ASSERT_EQ(p.messages.size(), 2u);
    EXPECT_TRUE(p.messages[0].pseudo);
    ASSERT_TRUE(p.base);
    EXPECT_EQ(p.base->last_uid, 3u);
    const UidAssignment a = assign_uids(p);
    EXPECT_EQ(a.uids, (std::vector<std::uint32_t>{0, 4}));
    EXPECT_EQ(a.last_uid, 4u);
}

TEST_F(MboxFormatTest, QuotingAndStripping)
{
    EXPECT_EQ(escape_from_lines("From x\nSubject: a\n\nFrom here\n>From there\nFrom"),
              ">From x\nSubject: a\n\n>From here\n>From there\nFrom\n");
    EXPECT_EQ(strip_status_headers("X-UID: 5\nSubject: a\nstatus: RO\nX-Keywords: a\n b\n\n"
                                   "X-UID: body\n"),
              "Subject: a\n\nX-UID: body\n");
}

TEST_F(MboxFormatTest, StatusBlockRendering)
{
    StatusValues v;
    v.uid = 12;
    v.flags = Flag::Seen | Flag::Answered | Flag::Flagged | Flag::Draft | Flag::Deleted;
    v.seen_by_reader = true;
    v.keywords = {"$Forwarded", "Todo"};
    const auto padded = render_status_block(v, std::nullopt);
    ASSERT_TRUE(padded);
    EXPECT_TRUE(
        padded->starts_with("X-UID: 12\nStatus: RO\nX-Status: AFTD\nX-Keywords: $Forwarded Todo "));
    EXPECT_EQ(padded->back(), '\n');
    const auto exact = render_status_block(v, 120);
    ASSERT_TRUE(exact);
    EXPECT_EQ(exact->size(), 120u);
    EXPECT_FALSE(render_status_block(v, 30));
    MboxBase base;
    base.uidvalidity = 1795429091;
    base.last_uid = 42;
    base.keywords = {"Todo"};
    EXPECT_EQ(render_imap_base(base), "X-IMAPbase: 1795429091 0000000042 Todo\n");
}

TEST_F(MboxFormatTest, EveryPrefixParsesWithoutCrashing)
{
    for (std::size_t n = 0; n <= kDovecot.size(); ++n) {
        const std::string_view part = kDovecot.substr(0, n);
        const ParsedMbox p = parse_mbox(part);
        for (const ParsedMessage& m : p.messages) {
            ASSERT_LE(m.end, part.size());
            ASSERT_LE(m.header, m.end);
            (void)visible_message(part, m);
        }
        (void)assign_uids(p);
    }
}

}  // namespace
}  // namespace roost::storage::mbox
