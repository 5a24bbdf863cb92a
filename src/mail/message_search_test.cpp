// Tests of MessageSearch: header, body and text keys over decoded content.
#include "mail/message_search.hpp"

#include <gtest/gtest.h>

#include "mail/testing/test_support.hpp"

namespace roost::mail {
namespace {

const std::string kMessage = testing::crlf(
    "From: =?utf-8?q?J=C3=B6rg?= <j@example.com>\n"
    "Subject: =?iso-8859-1?q?R=E9union?= tomorrow\n"
    "X-Tag: alpha\n"
    "X-Tag: beta\n"
    "Content-Type: multipart/mixed; boundary=b\n"
    "\n"
    "preamble with needle-in-preamble\n"
    "--b\n"
    "Content-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Caf=E9 au lait, soft=\n"
    "break here\n"
    "--b\n"
    "Content-Type: text/html; charset=utf-8\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "PGI+R3LDvMOfZTwvYj4=\n"
    "--b\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "Subject: inner subject\n"
    "\n"
    "inner body\n"
    "--b--\n");

bool matches(SearchKey::Where where, const char* field, const char* needle)
{
    const SearchKey key{where, field, needle};
    const bool whole = message_matches(kMessage, key);
    MessageSearch s;
    const std::size_t id = s.add(key);
    testing::parse_bytewise(kMessage, &s);
    EXPECT_EQ(s.matched(id), whole) << needle;
    return whole;
}

TEST(MessageSearch, HeaderKeysDecodeEncodedWords)
{
    using W = SearchKey::Where;
    EXPECT_TRUE(matches(W::Header, "Subject", "r\xc3\xa9union"));
    EXPECT_TRUE(matches(W::Header, "from", "J\xc3\x96RG"));
    EXPECT_TRUE(matches(W::Header, "X-Tag", "beta"));
    EXPECT_FALSE(matches(W::Header, "X-Tag", "alphabeta"));  // fields are not joined
    EXPECT_TRUE(matches(W::Header, "X-Tag", ""));            // the field exists
    EXPECT_FALSE(matches(W::Header, "X-None", ""));
    EXPECT_FALSE(matches(W::Header, "Subject", "inner"));  // only the message's own header
}

TEST(MessageSearch, BodyKeysSeeDecodedContent)
{
    using W = SearchKey::Where;
    EXPECT_TRUE(matches(W::Body, "", "caf\xc3\xa9 AU"));
    EXPECT_TRUE(matches(W::Body, "", "softbreak"));  // QP soft line break
    EXPECT_TRUE(matches(W::Body, "",
                        "gr\xc3\xbc\xc3\x9f"
                        "e"));  // base64 + utf-8
    EXPECT_TRUE(matches(W::Body, "", "inner body"));
    EXPECT_FALSE(matches(W::Body, "", "R\xc3\xa9union"));  // header text is not body
    EXPECT_FALSE(matches(W::Body, "", "needle-in-preamble"));
    EXPECT_FALSE(matches(W::Body, "", "laitgr"));  // parts are not joined
}

TEST(MessageSearch, TextKeysSeeHeadersToo)
{
    using W = SearchKey::Where;
    EXPECT_TRUE(matches(W::Text, "", "r\xc3\xa9union"));
    EXPECT_TRUE(matches(W::Text, "", "inner subject"));
    EXPECT_TRUE(matches(W::Text, "", "caf\xc3\xa9"));
    EXPECT_FALSE(matches(W::Text, "", "no such words"));
}

TEST(MessageSearch, ManyKeysInOnePass)
{
    MessageSearch s;
    const std::size_t a = s.add({SearchKey::Where::Body, "", "lait"});
    const std::size_t b = s.add({SearchKey::Where::Header, "subject", "tomorrow"});
    const std::size_t c = s.add({SearchKey::Where::Body, "", "absent"});
    testing::parse_whole(kMessage, &s);
    EXPECT_TRUE(s.matched(a));
    EXPECT_TRUE(s.matched(b));
    EXPECT_FALSE(s.matched(c));
    EXPECT_FALSE(s.all_matched());
}

}  // namespace
}  // namespace roost::mail
