// Tests of BODY / BODYSTRUCTURE / ENVELOPE output for tricky messages. The expected strings are
// Dovecot 2.3's answers for the same messages (tests/mail/test_dovecot_diff.py checks many more).
#include "mail/imap/body_structure_writer.hpp"

#include <gtest/gtest.h>

#include "mail/imap/envelope_writer.hpp"
#include "mail/testing/test_support.hpp"

namespace roost::mail::imap {
namespace {

std::string bs(std::string_view m)
{
    return body_structure_string(testing::parse_whole(m), true);
}
std::string body(std::string_view m)
{
    return body_structure_string(testing::parse_whole(m), false);
}
std::string env(std::string_view m)
{
    return envelope_string(*testing::parse_whole(m).root().envelope);
}

TEST(BodyStructure, DefaultsAndFields)
{
    EXPECT_EQ(
        bs("Subject: x\n\nhello\nworld\n"),
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 14 2 NIL NIL NIL NIL)");
    EXPECT_EQ(bs("Subject: x\nContent-Type: TEXT/HTML; CHARSET=UTF-8; Name=\"a b.html\"\n"
                 "Content-Transfer-Encoding: QUOTED-printable\nContent-ID: <id1>\n"
                 "Content-Description: desc\nContent-Disposition: ATTACHMENT; filename=foo.txt\n"
                 "Content-Language: en, de\nContent-Location: http://x/y\nContent-MD5: abc\n\n"
                 "body\n"),
              "(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\" \"Name\" \"a b.html\") \"<id1>\" \"desc\" "
              "\"QUOTED-printable\" 6 1 \"abc\" (\"ATTACHMENT\" (\"filename\" \"foo.txt\")) "
              "(\"en\" \"de\") \"http://x/y\")");
    EXPECT_EQ(body("Content-Type: image/png\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n"),
              "(\"image\" \"png\" NIL NIL NIL \"base64\" 10)");
    EXPECT_EQ(bs("Content-Type: /plain\n\nx\n"),
              "(\"\" \"\" NIL NIL NIL \"7bit\" 3 NIL NIL NIL NIL)");
    EXPECT_EQ(bs("Content-Type: text\n\nx\n"),
              "(\"text\" \"\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1 NIL NIL NIL NIL)");
}

TEST(BodyStructure, PlainTextMessageUsesTheDefaultSpelling)
{
    EXPECT_EQ(
        bs("Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\n\nx\n"),
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1 NIL NIL NIL NIL)");
    EXPECT_EQ(
        bs("Content-Type: TEXT/PLAIN; format=flowed\n\nx\n"),
        "(\"TEXT\" \"PLAIN\" (\"format\" \"flowed\" \"charset\" \"us-ascii\") NIL NIL \"7bit\" "
        "3 1 NIL NIL NIL NIL)");
}

TEST(BodyStructure, MimeFieldsOfANonMimeMessageAreIgnored)
{
    EXPECT_EQ(
        bs("Content-Description: desc\nContent-ID: <i>\nContent-Transfer-Encoding: BASE64\n"
           "\nx\n"),
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1 NIL NIL NIL NIL)");
    EXPECT_EQ(bs("MIME-Version: 1.0\nContent-Description: desc\nContent-ID: <i>\n"
                 "Content-Transfer-Encoding: BASE64\n\nx\n"),
              "(\"text\" \"plain\" (\"charset\" \"us-ascii\") \"<i>\" \"desc\" \"BASE64\" 3 1 NIL "
              "NIL NIL NIL)");
}

TEST(BodyStructure, MultipartsAndEnclosedMessages)
{
    const std::string m =
        "Subject: x\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\n\npart1\n--b1\n"
        "Content-Type: message/rfc822\n\nFrom: inner@x.y\nSubject: inner\n\ninner body\n--b1--\n";
    EXPECT_EQ(
        bs(m),
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 5 0 NIL NIL NIL NIL)"
        "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 45 (NIL \"inner\" ((NIL NIL \"inner\" "
        "\"x.y\")) ((NIL NIL \"inner\" \"x.y\")) ((NIL NIL \"inner\" \"x.y\")) NIL NIL NIL NIL "
        "NIL) (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 0 NIL NIL NIL "
        "NIL) 3 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL)");
    EXPECT_EQ(
        body(m),
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 5 0)(\"message\" "
        "\"rfc822\" NIL NIL NIL \"7bit\" 45 (NIL \"inner\" ((NIL NIL \"inner\" \"x.y\")) ((NIL "
        "NIL \"inner\" \"x.y\")) ((NIL NIL \"inner\" \"x.y\")) NIL NIL NIL NIL NIL) (\"text\" "
        "\"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 0) 3) \"mixed\")");
    // A multipart without parts shows one empty text part.
    EXPECT_EQ(
        bs("Content-Type: multipart/mixed\n\n--b1\n\npart1\n--b1--\n"),
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL) "
        "\"mixed\" NIL NIL NIL NIL)");
    // An empty message/rfc822 part has an empty envelope and body.
    EXPECT_EQ(
        body("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: "
             "message/rfc822\n\n--b\n\nB\n--b--\n"),
        "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL "
        "NIL) (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0) 0)(\"text\" "
        "\"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 1 0) \"mixed\")");
}

TEST(Envelope, FieldsDefaultsAndDuplicates)
{
    EXPECT_EQ(
        env("From: Alice <a@b.c>\nTo: x@y\nSubject: hi\nDate: Mon, 1 Jan 2024 10:00:00 "
            "+0000\n\nhello\n"),
        "(\"Mon, 1 Jan 2024 10:00:00 +0000\" \"hi\" ((\"Alice\" NIL \"a\" \"b.c\")) "
        "((\"Alice\" NIL \"a\" \"b.c\")) ((\"Alice\" NIL \"a\" \"b.c\")) ((NIL NIL \"x\" \"y\")) "
        "NIL NIL NIL NIL)");
    // Subject, Date, Message-ID: the last one wins; address fields add up.
    EXPECT_EQ(
        env("Subject: one\nSubject: two\nFrom: a@b\nFrom: c@d\nMessage-ID: <1>\n"
            "Message-ID: <2>\n\nx\n"),
        "(NIL \"two\" ((NIL NIL \"a\" \"b\")(NIL NIL \"c\" \"d\")) ((NIL NIL \"a\" \"b\")(NIL "
        "NIL \"c\" \"d\")) ((NIL NIL \"a\" \"b\")(NIL NIL \"c\" \"d\")) NIL NIL NIL NIL "
        "\"<2>\")");
    // Empty Sender / Reply-To count as absent; an empty In-Reply-To is "".
    EXPECT_EQ(
        env("Sender:\nReply-To: (c)\nFrom: f@f\nIn-Reply-To:\n\nx\n"),
        "(NIL NIL ((NIL NIL \"f\" \"f\")) ((NIL NIL \"f\" \"f\")) ((NIL NIL \"f\" \"f\")) NIL NIL "
        "NIL \"\" NIL)");
    EXPECT_EQ(env(std::string("Subject: a\0b\n\nx\n", 17)),
              "(NIL {5}\r\na\xEF\xBF\xBD"
              "b NIL NIL NIL NIL NIL NIL NIL NIL)");
}

}  // namespace
}  // namespace roost::mail::imap
