// Tests of MessageParser: part tree, offsets, sizes and line counts (as Dovecot reports them),
// boundary handling, limits, handler callbacks, and identical results for any feed pattern.
#include "mail/message_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "mail/corpus/corpus_generator.hpp"
#include "mail/testing/test_support.hpp"

namespace roost::mail {
namespace {

using testing::crlf;
using testing::parse_bytewise;
using testing::parse_chunked;
using testing::parse_whole;

std::uint64_t count_char(std::string_view s, char c)
{
    return static_cast<std::uint64_t>(std::count(s.begin(), s.end(), c));
}

// Virtual size the way the IMAP wire sends bytes: every LF not after CR counts twice.
std::uint64_t wire_size(std::string_view s)
{
    std::uint64_t n = s.size();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) {
            ++n;
        }
    }
    return n;
}

// Checks the tree invariants and that every feed pattern gives the same structure.
void check_invariants(std::string_view m, const std::string& what)
{
    SCOPED_TRACE(what);
    const MessageStructure whole = parse_whole(m);
    EXPECT_EQ(whole, parse_bytewise(m));
    EXPECT_EQ(whole, parse_chunked(m, {3, 7, 64, 1, 1000}));
    ASSERT_FALSE(whole.parts.empty());
    const MessagePart& root = whole.root();
    EXPECT_EQ(root.offset, 0u);
    EXPECT_EQ(root.header.physical + root.body.physical, m.size());
    EXPECT_EQ(whole.virtual_size(), wire_size(m));
    EXPECT_EQ(root.header.lines + root.body.lines, count_char(m, '\n'));
    EXPECT_EQ(root.subtree, whole.parts.size());
    for (std::uint32_t i = 0; i < whole.parts.size(); ++i) {
        const MessagePart& p = whole.parts[i];
        EXPECT_LE(p.end_offset(), m.size());
        EXPECT_EQ(whole.child_indexes(i).size(), p.children);
        if (p.parent != kNoPart) {
            const MessagePart& parent = whole.parts[p.parent];
            EXPECT_GE(p.offset, parent.body_offset());
            EXPECT_LE(p.end_offset(), parent.end_offset());
            EXPECT_EQ(p.depth, parent.depth + 1);
        }
        EXPECT_LE(p.header.physical, p.header.virtual_size);
        EXPECT_LE(p.body.physical, p.body.virtual_size);
    }
}

TEST(MessageParser, PlainLfMessageSizesCountLfAsCrlf)
{
    const std::string header = "From: Alice <a@b.c>\nSubject: hi\n\n";
    const std::string m = header + "hello\nworld\n";
    const MessageStructure s = parse_whole(m);
    ASSERT_EQ(s.parts.size(), 1u);
    const MessagePart& r = s.root();
    EXPECT_EQ(r.header.physical, header.size());
    EXPECT_EQ(r.header.virtual_size, header.size() + 3);
    EXPECT_EQ(r.header.lines, 3u);
    EXPECT_EQ(r.body, (PartSize{12, 14, 2}));
    EXPECT_EQ(s.virtual_size(), header.size() + 3 + 14);
    EXPECT_TRUE(r.is(kPartText));
    EXPECT_TRUE(r.is(kPartMessageRoot));
    EXPECT_EQ(r.mime.type, "text");
    EXPECT_EQ(r.mime.subtype, "plain");
    EXPECT_FALSE(r.mime.has_content_type);
}

TEST(MessageParser, CrlfAndLfMessagesHaveTheSameVirtualSizes)
{
    const std::string lf = "Subject: x\n\nline one\nline two\n";
    const MessageStructure a = parse_whole(lf);
    const MessageStructure b = parse_whole(crlf(lf));
    EXPECT_EQ(a.root().header.virtual_size, b.root().header.virtual_size);
    EXPECT_EQ(a.root().body.virtual_size, b.root().body.virtual_size);
    EXPECT_EQ(a.root().body.lines, b.root().body.lines);
    EXPECT_NE(a.root().body.physical, b.root().body.physical);
}

TEST(MessageParser, LastLineWithoutLineEndIsNotCounted)
{
    const MessageStructure s = parse_whole("Subject: hi\n\nhello\nworld");
    EXPECT_EQ(s.root().body, (PartSize{11, 12, 1}));
}

TEST(MessageParser, HeaderWithoutEmptyLineTakesEverything)
{
    const std::string m = "Subject: s1\nFrom: a@b";
    const MessageStructure s = parse_whole(m);
    EXPECT_EQ(s.root().header.physical, m.size());
    EXPECT_EQ(s.root().body.physical, 0u);
    EXPECT_TRUE(s.root().is(kPartHeaderNoEnd));
    EXPECT_EQ(s.root().envelope->subject, "s1");
}

TEST(MessageParser, MessageStartingWithEmptyLineHasEmptyHeader)
{
    const MessageStructure s = parse_whole("\nbody only\n");
    EXPECT_EQ(s.root().header, (PartSize{1, 2, 1}));
    EXPECT_EQ(s.root().body, (PartSize{10, 11, 1}));
}

TEST(MessageParser, MultipartPartsEndBeforeTheLineEndOfTheBoundary)
{
    const std::string m =
        "Subject: x\nContent-Type: multipart/mixed; boundary=\"b1\"\n\npreamble\n--b1\n\npart1\n"
        "--b1\nContent-Type: text/html\n\n<b>x</b>\n\n--b1--\nepilogue\n";
    const MessageStructure s = parse_whole(m);
    ASSERT_EQ(s.parts.size(), 3u);
    EXPECT_TRUE(s.root().is(kPartMultipart));
    EXPECT_EQ(s.root().children, 2u);
    EXPECT_EQ(s.parts[1].body, (PartSize{5, 5, 0}));   // "part1"
    EXPECT_EQ(s.parts[2].body, (PartSize{9, 10, 1}));  // "<b>x</b>\n"
    EXPECT_EQ(s.parts[2].mime.subtype, "html");
    EXPECT_EQ(m.substr(s.parts[1].body_offset(), s.parts[1].body.physical), "part1");
    check_invariants(m, "multipart");
}

TEST(MessageParser, MissingEndBoundaryKeepsTheLastLineEnd)
{
    const MessageStructure s =
        parse_whole("Content-Type: multipart/mixed; boundary=b1\n\n--b1\n\npart1\n");
    ASSERT_EQ(s.parts.size(), 2u);
    EXPECT_EQ(s.parts[1].body, (PartSize{6, 7, 1}));
}

TEST(MessageParser, EnclosedMessageIsParsedAsAMessage)
{
    const std::string m =
        "Subject: x\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\n\npart1\n--b1\n"
        "Content-Type: message/rfc822\n\nFrom: inner@x.y\nSubject: inner\n\ninner body\n--b1--\n";
    const MessageStructure s = parse_whole(m);
    ASSERT_EQ(s.parts.size(), 4u);
    const MessagePart& rfc822 = s.parts[2];
    EXPECT_TRUE(rfc822.is(kPartMessage));
    EXPECT_EQ(rfc822.body, (PartSize{42, 45, 3}));
    const MessagePart& inner = s.parts[3];
    EXPECT_TRUE(inner.is(kPartMessageRoot));
    EXPECT_EQ(inner.parent, 2u);
    EXPECT_EQ(inner.envelope->subject, "inner");
    EXPECT_EQ(inner.body, (PartSize{10, 10, 0}));
    check_invariants(m, "rfc822");
}

TEST(MessageParser, HeaderCutByBoundaryLosesItsLineEnd)
{
    // A part header ended by a boundary: the line end before the boundary is the boundary's.
    const MessageStructure s = parse_whole(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nSubject: x\n--b\n\nB\n--b--\n");
    ASSERT_EQ(s.parts.size(), 3u);
    EXPECT_EQ(s.parts[1].header, (PartSize{10, 10, 0}));
    EXPECT_EQ(s.parts[1].body.physical, 0u);
    EXPECT_TRUE(s.parts[1].is(kPartHeaderNoEnd));
}

TEST(MessageParser, EnclosedHeaderCutByBoundaryKeepsTheLineEndInTheOuterPart)
{
    // Dovecot: BODY[1] is "Subject: x\r\n" (12) but BODY[1.HEADER] is "Subject: x" (10).
    const MessageStructure s = parse_whole(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n"
        "Subject: x\n--b--\n");
    ASSERT_EQ(s.parts.size(), 3u);
    EXPECT_EQ(s.parts[1].body, (PartSize{11, 12, 1}));
    EXPECT_EQ(s.parts[2].header, (PartSize{10, 10, 0}));
    EXPECT_EQ(s.parts[2].body.physical, 0u);
}

TEST(MessageParser, LineEndOfAClosingBoundaryStaysWithTheInnerMultipart)
{
    const std::string m =
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n"
        "Subject: in\nContent-Type: multipart/mixed; boundary=c\n\n--c\n\nX\n--c--\n--b--\n";
    const MessageStructure s = parse_whole(m);
    // Dovecot: BODY[1] is 75 bytes, ending with "--c--\r\n".
    EXPECT_EQ(s.parts[1].body.virtual_size, 75u);
}

TEST(MessageParser, SameBoundaryNestedBelongsToTheInnerMultipart)
{
    const MessageStructure s = parse_whole(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/mixed; "
        "boundary=b\n\n--b\n\nA\n--b--\n\nB\n--b--\n");
    ASSERT_EQ(s.parts.size(), 3u);
    EXPECT_EQ(s.root().children, 1u);
    EXPECT_EQ(s.parts[1].children, 1u);
}

TEST(MessageParser, BoundaryMatchesAsPrefixAndTheLongestWins)
{
    // Inner boundary "----" is a prefix of the outer one; the outer's closing line must close
    // the outer multipart, not open a part of the inner one.
    const std::string m =
        "Content-Type: multipart/mixed; boundary=\"----=_Part_1\"\n\n------=_Part_1\n"
        "Content-Type: multipart/mixed; boundary=----=_Part_2\n\n------=_Part_2\n\nA\n"
        "------=_Part_1--\n";
    const MessageStructure s = parse_whole(m);
    ASSERT_EQ(s.parts.size(), 3u);
    EXPECT_EQ(s.parts[1].mime.param("boundary") ? *s.parts[1].mime.param("boundary") : "", "----");
    EXPECT_EQ(s.parts[1].children, 1u);
    const MessageStructure prefix = parse_whole(
        "Content-Type: multipart/mixed; boundary=b\n\n--bxyz\n\nA\n--b  \n\nB\n--b--junk\nepi\n");
    EXPECT_EQ(prefix.root().children, 2u);
}

TEST(MessageParser, MultipartWithoutBoundaryHasNoParts)
{
    const MessageStructure s =
        parse_whole("Subject: x\nContent-Type: multipart/mixed\n\n--b1\n\npart1\n--b1--\n");
    ASSERT_EQ(s.parts.size(), 1u);
    EXPECT_TRUE(s.root().is(kPartMultipart));
    EXPECT_EQ(s.root().children, 0u);
}

TEST(MessageParser, DigestPartsDefaultToMessageRfc822)
{
    const MessageStructure s = parse_whole(
        "Content-Type: multipart/digest; boundary=b1\n\n--b1\n\nSubject: d1\n\nd1body\n--b1\n"
        "Content-Type: text/plain\n\nxx\n--b1--\n");
    ASSERT_EQ(s.parts.size(), 4u);
    EXPECT_TRUE(s.parts[1].is(kPartMessage));
    EXPECT_EQ(s.parts[1].mime.type, "message");
    EXPECT_FALSE(s.parts[1].mime.has_content_type);
    EXPECT_EQ(s.parts[2].envelope->subject, "d1");
    EXPECT_TRUE(s.parts[3].is(kPartText));
}

TEST(MessageParser, DeepNestingStopsAtTheDepthLimit)
{
    std::string m;
    for (int i = 0; i < 150; ++i) {
        m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
             std::to_string(i) + "\n";
    }
    m += "\nleaf\n";
    ParserLimits limits;
    limits.max_depth = 20;
    const MessageStructure s = parse_message(m, limits);
    std::uint32_t max_depth = 0;
    for (const MessagePart& p : s.parts) {
        max_depth = std::max(max_depth, p.depth);
    }
    EXPECT_EQ(max_depth, 20u);
    check_invariants(m, "deep");
}

TEST(MessageParser, PartCountStopsAtTheLimit)
{
    std::string m = "Content-Type: multipart/mixed; boundary=b\n\n";
    for (int i = 0; i < 50; ++i) {
        m += "--b\n\npart\n";
    }
    ParserLimits limits;
    limits.max_parts = 10;
    const MessageStructure s = parse_message(m, limits);
    EXPECT_EQ(s.parts.size(), 10u);
    EXPECT_EQ(s.root().header.physical + s.root().body.physical, m.size());
}

TEST(MessageParser, NulBytesAreFlagged)
{
    const MessageStructure s = parse_whole(std::string("Subject: x\n\nab\0cd\n", 18));
    EXPECT_TRUE(s.root().is(kPartHasNuls));
    EXPECT_FALSE(parse_whole("Subject: x\n\nabcd\n").root().is(kPartHasNuls));
}

// Records every callback, so feed patterns can be compared and contents checked.
class Transcript : public MessageHandler {
public:
    std::string log;
    std::map<std::uint32_t, std::string> bodies;

    void on_header_field(std::uint32_t part, const HeaderField& f) override
    {
        log += "F" + std::to_string(part) + "[" + std::string(f.raw) + "]";
    }
    void on_header_end(std::uint32_t part, const MessageStructure&) override
    {
        log += "E" + std::to_string(part);
    }
    void on_body(std::uint32_t part, std::string_view data) override { bodies[part] += data; }
    void on_part_end(std::uint32_t part, const MessageStructure&) override
    {
        log += "X" + std::to_string(part);
    }
};

TEST(MessageParser, HandlerSeesFieldsBodiesAndEndsInOrder)
{
    const std::string m = crlf(
        "Subject: a\n folded\nContent-Type: multipart/mixed; boundary=b\n\npre\n--b\n"
        "X-A: 1\n\nbody one\n\n--b\n\nbody two\n--b--\n");
    Transcript t;
    parse_whole(m, &t);
    EXPECT_EQ(t.log,
              "F0[Subject: a\r\n folded\r\n]F0[Content-Type: multipart/mixed; boundary=b\r\n]E0"
              "F1[X-A: 1\r\n]E1X1E2X2X0");
    EXPECT_EQ(t.bodies[1], "body one\r\n");  // the CRLF before the boundary is withheld
    EXPECT_EQ(t.bodies[2], "body two");
    EXPECT_EQ(t.bodies[0], "pre");
    Transcript bytewise;
    parse_bytewise(m, &bytewise);
    EXPECT_EQ(bytewise.log, t.log);
    EXPECT_EQ(bytewise.bodies, t.bodies);
}

TEST(MessageParser, FindSectionFollowsImapPartNumbers)
{
    const MessageStructure simple = parse_whole("Subject: x\n\nbody\n");
    EXPECT_EQ(simple.find_section(std::vector<std::uint32_t>{1}), 0u);
    EXPECT_FALSE(simple.find_section(std::vector<std::uint32_t>{1, 1}));
    EXPECT_FALSE(simple.find_section(std::vector<std::uint32_t>{2}));
    const MessageStructure multi = parse_whole(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nA\n--b\nContent-Type: "
        "message/rfc822\n\nSubject: in\nContent-Type: multipart/mixed; boundary=c\n\n--c\n\n"
        "X\n--c--\n--b--\n");
    // 0 root, 1 text, 2 rfc822, 3 enclosed message, 4 its text part
    EXPECT_EQ(multi.find_section(std::vector<std::uint32_t>{1}), 1u);
    EXPECT_EQ(multi.find_section(std::vector<std::uint32_t>{1, 1}), 1u);  // as Dovecot
    EXPECT_FALSE(multi.find_section(std::vector<std::uint32_t>{1, 1, 1}));
    EXPECT_EQ(multi.find_section(std::vector<std::uint32_t>{2}), 2u);
    EXPECT_EQ(multi.find_section(std::vector<std::uint32_t>{2, 1}), 4u);
    EXPECT_EQ(multi.find_section(std::vector<std::uint32_t>{2, 1, 1}), 4u);
    EXPECT_FALSE(multi.find_section(std::vector<std::uint32_t>{3}));
    EXPECT_FALSE(multi.find_section(std::vector<std::uint32_t>{0}));
}

TEST(MessageParser, HandMadeCorpusGivesTheSameTreeForEveryFeedPattern)
{
    const auto corpus = testing::hand_made_corpus();
    ASSERT_GE(corpus.size(), 200u);
    for (const auto& file : corpus) {
        check_invariants(file.bytes, file.name);
    }
}

TEST(MessageParser, GeneratedCorpusGivesTheSameTreeForEveryFeedPattern)
{
    corpus::CorpusOptions options;
    options.broken_percent = 50;
    options.attachment_kib_max = 8;
    corpus::CorpusGenerator gen(4242, options);
    for (int i = 0; i < 150; ++i) {
        const corpus::GeneratedMessage m = gen.next();
        check_invariants(m.bytes, std::to_string(i) + " " + m.kind);
    }
}

}  // namespace
}  // namespace roost::mail
