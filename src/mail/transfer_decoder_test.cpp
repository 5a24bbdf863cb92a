// Tests of the base64 and quoted-printable decoders, fed whole and one byte at a time.
#include "mail/transfer_decoder.hpp"

#include <gtest/gtest.h>

namespace roost::mail {
namespace {

std::string bytewise(TransferEncoding enc, std::string_view in)
{
    TransferDecoder d(enc);
    std::string out;
    for (const char c : in) {
        d.feed(std::string_view(&c, 1), out);
    }
    d.finish(out);
    return out;
}

std::string whole(TransferEncoding enc, std::string_view in)
{
    TransferDecoder d(enc);
    std::string out;
    d.feed(in, out);
    d.finish(out);
    return out;
}

void expect_decodes(TransferEncoding enc, std::string_view in, std::string_view want)
{
    EXPECT_EQ(whole(enc, in), want) << in;
    EXPECT_EQ(bytewise(enc, in), want) << in;
}

TEST(TransferDecoder, EncodingNames)
{
    EXPECT_EQ(transfer_encoding_from(""), TransferEncoding::Identity);
    EXPECT_EQ(transfer_encoding_from("7BIT"), TransferEncoding::Identity);
    EXPECT_EQ(transfer_encoding_from("binary"), TransferEncoding::Identity);
    EXPECT_EQ(transfer_encoding_from("Base64"), TransferEncoding::Base64);
    EXPECT_EQ(transfer_encoding_from("quoted-printable"), TransferEncoding::QuotedPrintable);
    EXPECT_EQ(transfer_encoding_from("x-uuencode"), TransferEncoding::Unknown);
}

TEST(TransferDecoder, Base64)
{
    const auto B = TransferEncoding::Base64;
    expect_decodes(B, "aGVsbG8Kd29ybGQK", "hello\nworld\n");
    expect_decodes(B, "aGV\nsbG8gd29y\r\nbGQK\n", "hello world\n");  // groups across lines
    expect_decodes(B, "aGVs bG8K\nd29y\tbGQK", "hello\nworld\n");
    expect_decodes(B, "aGVsbA==\n\n", "hell");
    expect_decodes(B, "aGVsbG8gd29ybGQ", "hello world");  // unpadded end
    expect_decodes(B, "aGVsbG8gd29ybG", "hello worl");
    expect_decodes(B, "AAECAwQ=", std::string("\0\1\2\3\4", 5));
}

TEST(TransferDecoder, Base64StopsAtDamage)
{
    const auto B = TransferEncoding::Base64;
    expect_decodes(B, "aGVsbG8gd29ybGQK!aGVsbG8K", "hello world\n");
    expect_decodes(B, "aGVsbG8gd29ybGQK\n-- \nfooter\n", "hello world\n");
    expect_decodes(B, "aGVsbG8=\nd29ybGQK\n", "hello");
    TransferDecoder d(B);
    std::string out;
    d.feed("aGk=!", out);
    EXPECT_EQ(d.errors(), 0u);  // after the padding nothing is looked at
    TransferDecoder e(B);
    e.feed("aG!k", out);
    EXPECT_EQ(e.errors(), 1u);
}

TEST(TransferDecoder, QuotedPrintable)
{
    const auto Q = TransferEncoding::QuotedPrintable;
    expect_decodes(Q, "hello=20\nworld=\nx  \nend", "hello \r\nworldx\r\nend");
    expect_decodes(Q, "caf=E9 na=efve\r\n", "caf\xe9 na\xefve\r\n");
    expect_decodes(Q, "a=ZZb=4\n=3d=3D\r\nc=\r\nd\n", "a=ZZb=4\r\n==\r\ncd\r\n");
    expect_decodes(Q, "cut at the end=", "cut at the end");
    expect_decodes(Q, "cut at the end=C", "cut at the end");
    expect_decodes(Q, "tab\t\t\nnext", "tab\r\nnext");
}

TEST(TransferDecoder, IdentityPassesThrough)
{
    expect_decodes(TransferEncoding::Identity, "a=20\nb", "a=20\nb");
    expect_decodes(TransferEncoding::Unknown, "begin 644 x\n", "begin 644 x\n");
}

}  // namespace
}  // namespace roost::mail
