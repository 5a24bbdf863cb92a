// Tests of section parsing and BODY[section] contents (expected bytes as Dovecot sends them).
#include "mail/imap/section_reader.hpp"

#include <gtest/gtest.h>

#include "mail/imap/binary_reader.hpp"
#include "mail/imap/fetch_item.hpp"
#include "mail/mail_error.hpp"
#include "mail/testing/test_support.hpp"

namespace roost::mail::imap {
namespace {

using namespace std::string_literals;

std::string read(std::string_view m, std::string_view section)
{
    auto spec = parse_section(section);
    EXPECT_TRUE(spec) << section;
    return read_section(testing::parse_whole(m), m, *spec);
}

TEST(Section, Parse)
{
    auto s = parse_section("1.2.HEADER.FIELDS (From \"To\" x-a)");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->part, (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(s->kind, SectionSpec::Kind::HeaderFields);
    EXPECT_EQ(s->fields, (std::vector<std::string>{"From", "To", "x-a"}));
    EXPECT_EQ(s->to_string(), "1.2.HEADER.FIELDS (FROM \"TO\" X-A)");  // quoted as sent
    EXPECT_EQ(parse_section("HEADER.FIELDS (\"a\\\\b\" \"x y\")")->to_string(),
              "HEADER.FIELDS (\"A\\\\B\" \"X Y\")");
    EXPECT_EQ(parse_section("")->kind, SectionSpec::Kind::Full);
    EXPECT_EQ(parse_section("text")->kind, SectionSpec::Kind::Text);
    EXPECT_EQ(parse_section("3.MIME")->kind, SectionSpec::Kind::Mime);
    EXPECT_EQ(parse_section("HEADER.FIELDS.NOT (A)")->kind, SectionSpec::Kind::HeaderFieldsNot);
    for (const char* bad : {"MIME", "0", "1.", "1..2", "HEADER.FIELDS ()", "HEADER.FIELDS", "BODY",
                            "1.x", "99999999999"}) {
        auto r = parse_section(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, make_error_code(MailError::BadSection));
    }
    EXPECT_EQ(parse_partial("<2.5>")->offset, 2u);
    EXPECT_FALSE(parse_partial("<2.0>"));
    EXPECT_FALSE(parse_partial("<2>"));
}

const std::string kMulti =
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nX-A: 1\n\nA\n"
    "--b\nContent-Type: message/rfc822\n\nSubject: in\nX-A: 2\n\nbody\n--b--\n";

TEST(SectionReader, ConvertsLineEndsAndNuls)
{
    const std::string m = "Subject: s\nFrom: a@b\n\nbody\0x\nline\n"s;
    EXPECT_EQ(read(m, ""), "Subject: s\r\nFrom: a@b\r\n\r\nbody\x80x\r\nline\r\n");
    EXPECT_EQ(read(m, "HEADER"), "Subject: s\r\nFrom: a@b\r\n\r\n");
    EXPECT_EQ(read(m, "TEXT"), "body\x80x\r\nline\r\n");
    EXPECT_EQ(read(m, "1"), "body\x80x\r\nline\r\n");
    EXPECT_EQ(read(m, "1.MIME"), "Subject: s\r\nFrom: a@b\r\n\r\n");
    EXPECT_EQ(read(m, "1.HEADER"), "");
    EXPECT_EQ(read(m, "2"), "");
    EXPECT_EQ(read(m, "1.1"), "");
}

TEST(SectionReader, Parts)
{
    EXPECT_EQ(read(kMulti, "1"), "A");
    EXPECT_EQ(read(kMulti, "1.MIME"), "Content-Type: text/plain\r\nX-A: 1\r\n\r\n");
    EXPECT_EQ(read(kMulti, "1.1"), "A");
    EXPECT_EQ(read(kMulti, "2"), "Subject: in\r\nX-A: 2\r\n\r\nbody");
    EXPECT_EQ(read(kMulti, "2.HEADER"), "Subject: in\r\nX-A: 2\r\n\r\n");
    EXPECT_EQ(read(kMulti, "2.TEXT"), "body");
    EXPECT_EQ(read(kMulti, "2.1"), "body");
    EXPECT_EQ(read(kMulti, "2.1.MIME"), "Subject: in\r\nX-A: 2\r\n\r\n");
    EXPECT_EQ(read(kMulti, "1.HEADER"), "");
    EXPECT_EQ(read(kMulti, "3"), "");
}

TEST(SectionReader, HeaderFields)
{
    const std::string m = "Subject: s\nFrom: a@b\nsubject: again\nX-A: 1\n\tcont\nno colon\n\nb\n";
    EXPECT_EQ(read(m, "HEADER.FIELDS (subject X-A)"),
              "Subject: s\r\nsubject: again\r\nX-A: 1\r\n\tcont\r\n\r\n");
    EXPECT_EQ(read(m, "HEADER.FIELDS.NOT (Subject)"),
              "From: a@b\r\nX-A: 1\r\n\tcont\r\nno colon\r\n\r\n");
    EXPECT_EQ(read(m, "HEADER.FIELDS (none)"), "\r\n");
    // Without an empty line: FIELDS of the message still ends with one, NOT keeps what is there.
    EXPECT_EQ(read("Subject: s\nFrom: a@b", "HEADER.FIELDS (subject)"), "Subject: s\r\n\r\n");
    EXPECT_EQ(read("Subject: s\nFrom: a@b", "HEADER.FIELDS.NOT (subject)"), "From: a@b");
    EXPECT_EQ(read(kMulti, "2.HEADER.FIELDS (X-A)"), "X-A: 2\r\n\r\n");
    // An enclosed header without an empty line keeps its own end.
    EXPECT_EQ(
        read("Content-Type: message/rfc822\n\nSubject: in\nFrom: x", "1.HEADER.FIELDS (subject)"),
        "Subject: in\r\n");
}

TEST(SectionReader, Partial)
{
    const std::string data = read(kMulti, "");
    EXPECT_EQ(apply_partial(data, {2, 5}), data.substr(2, 5));
    EXPECT_EQ(apply_partial(data, {data.size(), 5}), "");
    EXPECT_EQ(apply_partial(data, {data.size() - 1, 5}), data.substr(data.size() - 1));
}

TEST(BinaryReader, DecodesLeavesAndConvertsContainers)
{
    const std::string m =
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\n"
        "AAECAwQ=\n--b\nContent-Type: message/rfc822\n\nSubject: x\nContent-Transfer-Encoding: "
        "quoted-printable\n\nb=3Dody\n--b--\n";
    const MessageStructure s = testing::parse_whole(m);
    auto one = read_binary(s, m, *parse_section("1"));
    ASSERT_TRUE(one);
    EXPECT_EQ(one->data, "\0\1\2\3\4"s);
    EXPECT_TRUE(one->binary);
    auto two = read_binary(s, m, *parse_section("2"));
    ASSERT_TRUE(two);
    EXPECT_EQ(two->data, "Subject: x\r\nContent-Transfer-Encoding: binary\r\n\r\nb=ody");
    auto all = read_binary(s, m, *parse_section(""));
    ASSERT_TRUE(all);
    EXPECT_NE(all->data.find("Content-Transfer-Encoding: binary\r\n\r\n\0\1\2\3\4\r\n--b"s),
              std::string::npos);
    EXPECT_EQ(*binary_size(s, m, *parse_section("")), all->data.size());
    EXPECT_EQ(*binary_size(s, m, *parse_section("1")), 5u);
    auto text = read_binary(s, m, *parse_section("2.1"));
    EXPECT_EQ(text->data, "b=ody");
    EXPECT_FALSE(read_binary(s, m, *parse_section("1.MIME")));
}

TEST(BinaryReader, IdentityAndUnknownEncodings)
{
    const std::string plain = "Content-Type: text/plain\n\nhello\0world\n"s;
    const MessageStructure s = testing::parse_whole(plain);
    auto r = read_binary(s, plain, *parse_section("1"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->data, "hello\0world\r\n"s);  // NUL kept, LF as CRLF
    EXPECT_TRUE(r->binary);
    EXPECT_EQ(*binary_size(s, plain, *parse_section("1")), 13u);
    const std::string unknown = "Content-Transfer-Encoding: x-uuencode\nMIME-Version: 1.0\n\nx\n";
    auto u = read_binary(testing::parse_whole(unknown), unknown, *parse_section("1"));
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().code, make_error_code(MailError::UnknownEncoding));
}

TEST(FetchItems, ParseAndWrite)
{
    auto items = parse_fetch_items(
        "ENVELOPE BODY.PEEK[1.HEADER.FIELDS (A B)]<0.10> BINARY.SIZE[1] "
        "RFC822.SIZE BODY PREVIEW RFC822.HEADER");
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 7u);
    EXPECT_EQ((*items)[1].kind, FetchItem::Kind::BodySection);
    EXPECT_EQ((*items)[1].partial->count, 10u);
    const std::string m = "Subject: hi\n\nhello\n";
    const MessageStructure s = testing::parse_whole(m);
    std::string out;
    write_fetch_item(out, (*items)[3], s, m);
    EXPECT_EQ(out, "RFC822.SIZE 22");
    out.clear();
    write_fetch_item(out, (*items)[6], s, m);
    EXPECT_EQ(out, "BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n");
    EXPECT_FALSE(parse_fetch_items("FLAGS"));
    EXPECT_FALSE(parse_fetch_items("BINARY.SIZE[1]<0.1>"));
}

}  // namespace
}  // namespace roost::mail::imap
