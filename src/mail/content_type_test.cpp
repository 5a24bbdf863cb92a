// Tests of Content-Type / Content-Disposition / parameter / RFC 2231 parsing. Expected values
// are what Dovecot 2.3 shows in BODYSTRUCTURE for the same header (see tests/mail/corpus).
#include "mail/content_type.hpp"

#include <gtest/gtest.h>

namespace roost::mail {
namespace {

std::vector<MimeParam> P(std::initializer_list<std::pair<const char*, const char*>> list)
{
    std::vector<MimeParam> out;
    for (const auto& [n, v] : list) {
        out.push_back({n, v});
    }
    return out;
}

TEST(ContentType, TypeSubtypeAndParamsAsWritten)
{
    const ContentType ct = parse_content_type("TEXT/HTML; CHARSET=UTF-8; Name=\"a b.html\"");
    EXPECT_EQ(ct.type, "TEXT");
    EXPECT_EQ(ct.subtype, "HTML");
    EXPECT_EQ(ct.params, P({{"CHARSET", "UTF-8"}, {"Name", "a b.html"}}));
}

TEST(ContentType, SpacesAndCommentsAroundTokens)
{
    const ContentType ct = parse_content_type("  Text / Plain  ; CharSet = \"ISO-8859-1\" (c)");
    EXPECT_EQ(ct.type, "Text");
    EXPECT_EQ(ct.subtype, "Plain");
    EXPECT_EQ(ct.params, P({{"CharSet", "ISO-8859-1"}}));
}

TEST(ContentType, MissingSubtypeKeepsTheType)
{
    const ContentType ct = parse_content_type("text; charset=x");
    EXPECT_EQ(ct.type, "text");
    EXPECT_EQ(ct.subtype, "");
    EXPECT_EQ(ct.params, P({{"charset", "x"}}));
}

TEST(ContentType, JunkAfterSubtypeOrBadTypeMakesItUnparsable)
{
    for (const char* bad :
         {"text/plain garbage; charset=x", "/plain", "", "te(c)xt/plain", "\"text\"/plain"}) {
        const ContentType ct = parse_content_type(bad);
        EXPECT_EQ(ct.type, "") << bad;
        EXPECT_EQ(ct.subtype, "") << bad;
        EXPECT_TRUE(ct.params.empty()) << bad;
    }
}

TEST(ContentType, BrokenParametersAreSkippedTheWayDovecotSkipsThem)
{
    // A missing '=' skips to the ';' after the broken spot (so ";;" loses the next one).
    EXPECT_EQ(parse_mime_params("; =bad; charset; foo=bar"), P({{"", "bad"}}));
    EXPECT_EQ(parse_mime_params(";; charset=utf-8;"), P({}));
    EXPECT_EQ(parse_mime_params("; a b=x; c=y"), P({{"c", "y"}}));
    // Junk after a value is skipped up to the next ';'.
    EXPECT_EQ(parse_mime_params("; a=x junk=z; b=y"), P({{"a", "x"}, {"b", "y"}}));
    EXPECT_EQ(parse_mime_params("; a=x@y; b=[z]; c=d"), P({{"a", "x"}, {"b", ""}, {"c", "d"}}));
    // An unterminated quoted string ends the list.
    EXPECT_EQ(parse_mime_params("; a=\"x; b=y"), P({}));
    EXPECT_EQ(parse_mime_params("; charset="), P({{"charset", ""}}));
    // Unquoted "boundary==_x" keeps its '='.
    EXPECT_EQ(parse_mime_params("; a==_x; b=y"), P({{"a", "=_x"}, {"b", "y"}}));
    EXPECT_EQ(parse_mime_params("; x=\"a\\\\b\"; y=\"a b  c\""),
              P({{"x", "a\\b"}, {"y", "a b  c"}}));
}

TEST(ContentType, Rfc2231ContinuationsAreJoinedAndSorted)
{
    EXPECT_EQ(parse_mime_params("; z=1; n*1=b; n*0=a; m*0*=x; m*1*=y; m*2=z; a=2"),
              P({{"z", "1"}, {"a", "2"}, {"m*", "xyz"}, {"n", "ab"}}));
    // A non-extended segment in an extended value is %-escaped; "''" when the first is plain.
    EXPECT_EQ(parse_mime_params("; a*0*=x; a*1=%41"), P({{"a*", "x%2541"}}));
    EXPECT_EQ(parse_mime_params("; n*0=a; n*1*=b"), P({{"n*", "''ab"}}));
    // Incomplete or duplicate sequences stay separate, with canonical names.
    EXPECT_EQ(parse_mime_params("; a*0=x; a*2=z; b*1=y"),
              P({{"a*0", "x"}, {"a*2", "z"}, {"b*1", "y"}}));
    EXPECT_EQ(parse_mime_params("; n*0=a; n*00=b; n*x=c; n**=d"),
              P({{"n*x", "c"}, {"n*0", "a"}, {"n*0", "b"}, {"n*0*", "d"}}));
    // Names group case-insensitively after a case-sensitive sort.
    EXPECT_EQ(parse_mime_params("; A*0=x; a*1=y"), P({{"A", "xy"}}));
    EXPECT_EQ(parse_mime_params("; a*0=x; A*1=y"), P({{"A*1", "y"}, {"a*0", "x"}}));
}

TEST(ContentType, ExtendedParameterWithoutIndexKeepsItsName)
{
    // Dovecot renames this "title*1*" (doc/mail-differences.md); RFC 2231 section 4 allows it.
    EXPECT_EQ(parse_mime_params("; name*0=a; name*1=b; title*=us-ascii'en'x%20y"),
              P({{"name", "ab"}, {"title*", "us-ascii'en'x%20y"}}));
}

TEST(ContentType, DecodedParameterValues)
{
    const std::vector<MimeParam> params =
        parse_mime_params("; filename*0*=iso-8859-1'en'%E9t; filename*1*=%E9.txt; x=plain");
    EXPECT_EQ(find_param(params, "filename"), "\xc3\xa9t\xc3\xa9.txt");
    EXPECT_EQ(find_param(params, "X"), "plain");
    EXPECT_EQ(find_param(params, "missing"), std::nullopt);
    EXPECT_EQ(decode_param_value({"t*", "utf-8''caf%C3%A9%zz"}), "caf\xc3\xa9%zz");
}

TEST(ContentType, Disposition)
{
    const ContentDisposition cd =
        parse_content_disposition("ATTACHMENT; filename=foo.txt; size=10");
    EXPECT_EQ(cd.type, "ATTACHMENT");
    EXPECT_EQ(cd.params, P({{"filename", "foo.txt"}, {"size", "10"}}));
    EXPECT_EQ(parse_content_disposition("").type, "");
}

TEST(ContentType, TransferEncodingAndLanguage)
{
    EXPECT_EQ(parse_transfer_encoding("x-uuencode (comment)"), "x-uuencode");
    EXPECT_EQ(parse_transfer_encoding("QUOTED-printable"), "QUOTED-printable");
    EXPECT_EQ(parse_transfer_encoding("\"quoted\""), std::nullopt);
    EXPECT_EQ(parse_transfer_encoding("base64 junk"), std::nullopt);
    EXPECT_EQ(parse_transfer_encoding(""), std::nullopt);
    EXPECT_EQ(clean_transfer_encoding("  Base64  (c)"), "base64");
    EXPECT_EQ(clean_transfer_encoding("base64;"), "base64");
    EXPECT_EQ(clean_transfer_encoding("base64 junk"), "");
    EXPECT_EQ(parse_content_language("en (english) , de"), (std::vector<std::string>{"en", "de"}));
    EXPECT_EQ(parse_content_language("en de, fr"), (std::vector<std::string>{"en"}));
    EXPECT_EQ(parse_content_language("en;de"), (std::vector<std::string>{"en"}));
    EXPECT_TRUE(parse_content_language("").empty());
}

}  // namespace
}  // namespace roost::mail
