// Tests of i;unicode-casemap folding, streaming search, and the Sieve/IMAP match primitives.
#include "mail/unicode_casemap.hpp"

#include <gtest/gtest.h>

#include "mail/search_match.hpp"

namespace roost::mail {
namespace {

TEST(UnicodeCasemap, FoldsCase)
{
    EXPECT_EQ(fold_case(U'A'), U'a');
    EXPECT_EQ(fold_case(U'\u00C9'), U'\u00E9');  // É
    EXPECT_EQ(fold_case(U'\u0391'), U'\u03B1');  // Greek Alpha
    EXPECT_EQ(fold_case(U'\u03A3'), U'\u03C3');  // Sigma
    EXPECT_EQ(fold_case(U'\u0130'), U'\u0130');  // İ folds only in full (Turkic) folding
    EXPECT_EQ(fold_case(U'\u0100'), U'\u0101');  // stride-2 range
    EXPECT_EQ(fold_case(U'\u0101'), U'\u0101');
    EXPECT_EQ(fold_case(U'\u0410'), U'\u0430');          // Cyrillic А
    EXPECT_EQ(fold_case(U'\uFF21'), U'\uFF41');          // fullwidth A
    EXPECT_EQ(fold_case(U'\U00010400'), U'\U00010428');  // Deseret
    EXPECT_EQ(fold_case(U'\u65E5'), U'\u65E5');          // no case
    // Titlecased canonicalized UTF-8: U+00DC decomposes to U + U+0308; U+00DF has no simple
    // titlecase and stays; Cyrillic goes to its capitals.
    EXPECT_EQ(casemap_utf8("Gr\xc3\x9c\xc3\x9f"
                           "e \xd0\xbf\xd1\x80\xd0\xb8"),
              "GRU\xcc\x88\xc3\x9f"
              "E \xd0\x9f\xd0\xa0\xd0\x98");
}

// RFC 5051 section 2: each character to its titlecase, then to its decomposition, repeated.
TEST(UnicodeCasemap, TitlecasedCanonicalizedUtf8)
{
    const std::string ete = "E\xcc\x81TE\xcc\x81";  // E U+0301 T E U+0301
    EXPECT_EQ(casemap_utf8("\xc3\xa9t\xc3\xa9"), ete);    // été, precomposed
    EXPECT_EQ(casemap_utf8("\xc3\x89T\xc3\x89"), ete);    // ÉTÉ
    EXPECT_EQ(casemap_utf8("e\xcc\x81te\xcc\x81"), ete);  // été, decomposed
    // Titlecase, not lower or upper case: DŽ, Dž, dž and d + ž are all D Z U+030C.
    const std::string dz = "DZ\xcc\x8c";
    for (const char* s : {"\xc7\x84", "\xc7\x85", "\xc7\x86", "d\xc5\xbe", "D\xc5\xbd"}) {
        EXPECT_EQ(casemap_utf8(s), dz) << s;
    }
    // Compatibility decompositions count too: the ligature U+FB01 is F I, fullwidth A is A.
    EXPECT_EQ(casemap_utf8("\xef\xac\x81"), "FI");
    EXPECT_EQ(casemap_utf8("\xef\xbd\x81"), "A");
    // Greek sigma in all three forms.
    EXPECT_EQ(casemap_utf8("\xcf\x83\xcf\x82\xce\xa3"), "\xce\xa3\xce\xa3\xce\xa3");
    // Hangul syllables decompose by arithmetic: U+AC01 is U+1100 U+1161 U+11A8.
    EXPECT_EQ(casemap_utf8("\xea\xb0\x81"), "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8");
    EXPECT_EQ(casemap_utf8("\xea\xb0\x80"), "\xe1\x84\x80\xe1\x85\xa1");
    EXPECT_EQ(casemap_utf8("\xff"), "\xef\xbf\xbd");  // invalid UTF-8: U+FFFD
    EXPECT_TRUE(unicode_casemap_of(U'\u65E5').empty());
}

TEST(UnicodeCasemap, SubstringsOfCanonicalizedText)
{
    // SEARCH SUBJECT "ÉTÉ" finds "Un été chaud"; "ete" does not (E U+0301 is not E).
    EXPECT_TRUE(casemap_contains("Un \xc3\xa9t\xc3\xa9 chaud", "\xc3\x89T\xc3\x89"));
    EXPECT_TRUE(casemap_contains("Un e\xcc\x81te\xcc\x81 chaud", "\xc3\xa9t\xc3\xa9"));
    EXPECT_FALSE(casemap_contains("Un \xc3\xa9t\xc3\xa9 chaud", "ete"));
    EXPECT_TRUE(casemap_contains("\xef\xac\x81nal offer", "FINAL"));
}

TEST(UnicodeCasemap, ContainsAndEquals)
{
    EXPECT_TRUE(casemap_contains("Caf\xc3\x89 au lait", "caf\xc3\xa9"));
    EXPECT_TRUE(casemap_contains("anything", ""));
    EXPECT_FALSE(casemap_contains("cafe", "caf\xc3\xa9"));
    EXPECT_TRUE(
        casemap_equals("\xce\x9a\xce\x91\xce\x9b\xce\x97", "\xce\xba\xce\xb1\xce\xbb\xce\xb7"));
}

TEST(UnicodeCasemap, StreamingSearchAcrossChunkBoundaries)
{
    const std::string text =
        "xxxx Gr\xc3\xbc\xc3\x9f"
        "e aus M\xc3\x9cNCHEN yyyy";
    for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
        CasemapSearch s("m\xc3\xbcnchen");
        for (std::size_t i = 0; i < text.size(); i += chunk) {
            s.feed(std::string_view(text).substr(i, chunk));
        }
        EXPECT_TRUE(s.found()) << chunk;
        CasemapSearch miss("m\xc3\xbcnchenx");
        for (std::size_t i = 0; i < text.size(); i += chunk) {
            miss.feed(std::string_view(text).substr(i, chunk));
        }
        EXPECT_FALSE(miss.found()) << chunk;
    }
    CasemapSearch r("abc");
    r.feed("xxab");
    r.reset();
    r.feed("c");
    EXPECT_FALSE(r.found());
}

TEST(SearchMatch, MatchTypesAndComparators)
{
    using enum MatchType;
    EXPECT_TRUE(match_string("Hello", "hello", Is, Comparator::AsciiCasemap));
    EXPECT_FALSE(match_string("Hello", "hello", Is, Comparator::Octet));
    EXPECT_TRUE(
        match_string("\xc3\x89t\xc3\xa9", "\xc3\xa9T\xc3\x89", Is, Comparator::UnicodeCasemap));
    EXPECT_FALSE(
        match_string("\xc3\x89t\xc3\xa9", "\xc3\xa9T\xc3\x89", Is, Comparator::AsciiCasemap));
    EXPECT_TRUE(match_string("Subject: Hello World", "WORLD", Contains, Comparator::AsciiCasemap));
    EXPECT_TRUE(match_string("frobnitzm", "frob*m", Matches, Comparator::Octet));
    EXPECT_TRUE(match_string("frobnitzm", "fro?nitz*", Matches, Comparator::Octet));
    EXPECT_FALSE(match_string("frobnitzm", "frob?m", Matches, Comparator::Octet));
    EXPECT_TRUE(match_string("a*b", "a\\*b", Matches, Comparator::Octet));
    EXPECT_FALSE(match_string("axb", "a\\*b", Matches, Comparator::Octet));
    EXPECT_TRUE(match_string("", "*", Matches, Comparator::Octet));
    EXPECT_TRUE(match_string("\xc3\xa9", "?", Matches, Comparator::UnicodeCasemap));
    EXPECT_FALSE(match_string("\xc3\xa9", "?", Matches, Comparator::Octet));
    EXPECT_TRUE(match_string("aaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*b", Matches, Comparator::Octet));
}

TEST(SearchMatch, AddressParts)
{
    const Address a{std::nullopt, std::nullopt, "alice", "Example.COM"};
    EXPECT_EQ(address_part(a, AddressPart::All), "alice@Example.COM");
    EXPECT_EQ(address_part(a, AddressPart::LocalPart), "alice");
    EXPECT_EQ(address_part(a, AddressPart::Domain), "Example.COM");
    const Address bare{std::nullopt, std::nullopt, "bare", "MISSING_DOMAIN"};
    EXPECT_EQ(address_part(bare, AddressPart::All), "bare");
    EXPECT_EQ(address_part(bare, AddressPart::Domain), "");
    EXPECT_EQ(address_part(Address{}, AddressPart::All), std::nullopt);
}

TEST(SearchMatch, DatesInTheirZones)
{
    const DateTime dt = *parse_date_time("Tue, 2 Jan 2024 00:30:00 +0100");
    EXPECT_EQ(date_of(dt), (Date{2024, 1, 2}));
    EXPECT_EQ(date_in_zone(dt.unix_time(), 0), (Date{2024, 1, 1}));
    EXPECT_EQ(date_in_zone(dt.unix_time(), 60), (Date{2024, 1, 2}));
    EXPECT_EQ(date_in_zone(-1, 0), (Date{1969, 12, 31}));
    EXPECT_LT(date_of(dt), *parse_imap_date("3-Jan-2024"));
}

}  // namespace
}  // namespace roost::mail
