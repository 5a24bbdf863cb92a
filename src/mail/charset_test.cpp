// Tests of charset conversion, UTF-8 repair and RFC 2047 encoded words.
#include "mail/charset.hpp"

#include <gtest/gtest.h>

#include "mail/encoded_words.hpp"
#include "mail/utf8.hpp"

namespace roost::mail {
namespace {

TEST(Charset, ConvertsToUtf8)
{
    EXPECT_EQ(to_utf8("caf\xe9", "ISO-8859-1"), "caf\xc3\xa9");
    EXPECT_EQ(to_utf8("\x93q\x94 \x80", "windows-1252"), "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac");
    EXPECT_EQ(to_utf8("\x1b$BF|K\\8l\x1b(B", "iso-2022-jp"),
              "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
    EXPECT_EQ(to_utf8("\xf0\xd2\xc9\xd7\xc5\xd4", "koi8-r"),
              "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
    EXPECT_TRUE(is_known_charset("utf-8"));
    EXPECT_TRUE(is_known_charset("Shift_JIS"));
    EXPECT_FALSE(is_known_charset("x-no-such-charset"));
}

TEST(Charset, InvalidBytesBecomeOneReplacementPerRun)
{
    EXPECT_EQ(to_utf8("\xc3\xa9\xff\xfe ok", "utf-8"), "\xc3\xa9\xEF\xBF\xBD ok");
    EXPECT_EQ(to_utf8("a\xff", "us-ascii"), "a\xEF\xBF\xBD");
    EXPECT_EQ(to_utf8("a\xff\xff"
                      "b",
                      "shift_jis"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(to_utf8("caf\xe9", "x-no-such-charset"), "caf\xEF\xBF\xBD");
}

TEST(Charset, StreamingKeepsSplitSequences)
{
    const std::string utf8 = "\xe6\x97\xa5\xe6\x9c\xac";
    CharsetConverter conv("utf-8");
    std::string out;
    for (const char c : utf8) {
        conv.feed(std::string_view(&c, 1), out);
    }
    conv.finish(out);
    EXPECT_EQ(out, utf8);
    const std::string jis = "\x1b$BF|K\\\x1b(B";
    CharsetConverter j("ISO-2022-JP");
    std::string out2;
    for (const char c : jis) {
        j.feed(std::string_view(&c, 1), out2);
    }
    j.finish(out2);
    EXPECT_EQ(out2, "\xe6\x97\xa5\xe6\x9c\xac");
    CharsetConverter cut("utf-8");
    std::string out3;
    cut.feed("ab\xe6\x97", out3);
    cut.finish(out3);
    EXPECT_EQ(out3, "ab");  // a sequence cut at the end is dropped
}

TEST(Charset, FromUtf8)
{
    EXPECT_EQ(from_utf8("caf\xc3\xa9", "iso-8859-1"), "caf\xe9");
    EXPECT_EQ(from_utf8("\xe6\x97\xa5", "iso-8859-1"), "?");
}

TEST(Utf8, DecodeEncodeRepair)
{
    std::size_t i = 0;
    EXPECT_EQ(utf8_next("\xf0\x9f\x98\x80", i), U'\U0001F600');
    EXPECT_EQ(i, 4u);
    i = 0;
    EXPECT_EQ(utf8_next("\xc0\x80", i), kReplacementChar);  // overlong
    EXPECT_EQ(i, 1u);
    i = 0;
    EXPECT_EQ(utf8_next("\xed\xa0\x80", i), kReplacementChar);  // surrogate
    std::string s;
    utf8_append(s, U'\u20AC');
    EXPECT_EQ(s, "\xe2\x82\xac");
    EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));
    EXPECT_FALSE(is_valid_utf8("caf\xe9"));
    EXPECT_EQ(utf8_incomplete_tail("ab\xe2\x82"), 2u);
    EXPECT_EQ(utf8_incomplete_tail("ab\xe2\x82\xac"), 0u);
    EXPECT_EQ(utf8_length("caf\xc3\xa9"), 4u);
}

TEST(EncodedWords, Decode)
{
    EXPECT_EQ(decode_header_text("=?utf-8?q?caf=C3=A9?= ok"), "caf\xc3\xa9 ok");
    EXPECT_EQ(decode_header_text("=?ISO-8859-1?Q?Andr=E9?= <a@b>"), "Andr\xc3\xa9 <a@b>");
    EXPECT_EQ(decode_header_text("=?utf-8?B?w6l0w6k=?="), "\xc3\xa9t\xc3\xa9");
    // Whitespace between adjacent encoded words goes; bytes join before conversion.
    EXPECT_EQ(decode_header_text("=?utf-8?q?a?=  \r\n =?utf-8?q?b?="), "ab");
    EXPECT_EQ(decode_header_text("=?utf-8?B?5pe=?= =?utf-8?B?pQ==?="), "\xe6\x97\xa5");
    EXPECT_EQ(decode_header_text("=?iso-2022-jp?B?GyRCRnxLXDhsGyhC?="),
              "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
    EXPECT_EQ(decode_header_text("=?utf-8*en?q?x_y?="), "x y");
    EXPECT_EQ(decode_header_text("a =?utf-8?q?b?= c"), "a b c");
    // Malformed words stay as they are; raw 8-bit is repaired.
    EXPECT_EQ(decode_header_text("=?utf-8?x?abc?= =?bad"), "=?utf-8?x?abc?= =?bad");
    EXPECT_EQ(decode_header_text("raw \xff"), "raw \xEF\xBF\xBD");
}

TEST(EncodedWords, EncodeRoundTrips)
{
    const std::string latin =
        "Gr\xc3\xbc\xc3\x9f"
        "e aus M\xc3\xbcnchen, with a long tail to fold it";
    const std::string japanese =
        "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe4\xbc\x9a\xe8\xad\xb0"
        "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf";
    const std::pair<const char*, std::string> cases[] = {
        {"utf-8", latin}, {"iso-8859-1", latin}, {"iso-2022-jp", japanese}, {"utf-8", japanese}};
    for (const auto& [cs, text] : cases) {
        for (const char enc : {'Q', 'B'}) {
            const std::string encoded = encode_header_text(text, cs, enc, "\r\n ");
            std::size_t start = 0;
            for (;;) {
                const std::size_t fold = encoded.find("\r\n ", start);
                const std::size_t len = (fold == std::string::npos ? encoded.size() : fold) - start;
                EXPECT_LE(len, 75u) << encoded;
                if (fold == std::string::npos) {
                    break;
                }
                start = fold + 3;
            }
            EXPECT_EQ(decode_header_text(encoded), text) << cs << " " << enc << " " << encoded;
        }
    }
}

}  // namespace
}  // namespace roost::mail
