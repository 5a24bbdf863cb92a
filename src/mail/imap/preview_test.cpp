// Tests of PREVIEW text (expected texts as Dovecot's PREVIEW shows them).
#include "mail/imap/preview.hpp"

#include <gtest/gtest.h>

#include "mail/testing/test_support.hpp"

namespace roost::mail::imap {
namespace {

using namespace std::string_literals;

std::string preview(std::string_view m)
{
    return *preview_text(testing::parse_whole(m), m);
}

TEST(Preview, CollapsesWhitespaceAndSkipsQuotes)
{
    EXPECT_EQ(preview("Subject: x\n\nHello   world.\n\nSecond   line\twith tab.\n"),
              "Hello world. Second line with tab.");
    EXPECT_EQ(preview("Subject: x\n\n> quoted line\nreply text\n> more quote\nend\n"),
              "reply text end");
    EXPECT_EQ(preview("Subject: x\n\n> q1\n\n>q2\n"), ">q1 q2");  // only quotes: they are it
    EXPECT_EQ(preview("Subject: x\n\n  > indented quote\ntext\n"), "> indented quote text");
    EXPECT_EQ(preview("Content-Type: text/plain\n\n\0nul\1ctrl\n"s), "nul\1ctrl");
}

TEST(Preview, LimitsTo200Characters)
{
    std::string words;
    for (int i = 0; i < 100; ++i) {
        words += "word" + std::to_string(i) + " ";
    }
    const std::string p = preview("Subject: x\n\n" + words);
    EXPECT_EQ(p.size(), 199u);
    EXPECT_EQ(p.substr(p.size() - 6), "word29");
    std::string accents;
    for (int i = 0; i < 300; ++i) {
        accents += "\xc3\xa9";
    }
    EXPECT_EQ(preview("Subject: x\n\n" + accents).size(), 400u);
}

TEST(Preview, ChoosesTheRightPart)
{
    EXPECT_EQ(preview("Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: "
                      "text/html\n\n<p>html first</p>\n--b\nContent-Type: text/plain\n\nplain "
                      "second\n--b--\n"),
              "plain second");
    EXPECT_EQ(preview("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: "
                      "application/pdf\n\nxx\n--b\nContent-Type: text/plain; charset=iso-8859-1\n"
                      "Content-Transfer-Encoding: quoted-printable\n\ncaf=E9 na=EFve\n--b--\n"),
              "caf\xc3\xa9 na\xc3\xafve");
    EXPECT_EQ(preview("Content-Type: message/rfc822\n\nSubject: in\n\ninner text\n"), "");
    EXPECT_EQ(preview("Content-Type: image/png\n\nxx\n"), "");
    EXPECT_EQ(preview("Content-Type: text/plain\nContent-Transfer-Encoding: x-unknown\n\nx\n"), "");
}

TEST(Preview, HtmlIsConvertedToText)
{
    EXPECT_EQ(preview("Content-Type: text/html\n\n<html><head><title>T</title><style>p{}</style>"
                      "</head><body><p>Hello <b>bold</b> &amp; &lt;x&gt; &eacute;</p><script>var "
                      "x;</script>after</body></html>\n"),
              "T Hello bold & <x> \xc3\xa9 after");
}

}  // namespace
}  // namespace roost::mail::imap
